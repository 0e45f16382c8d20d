using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Api;

/// <summary>
/// The per-user limits of api.md "v1.1 — security" (new tickets and comments per hour, uploaded bytes per day),
/// set low here: 429 with Retry-After and problem details, counted per user from the database.
/// </summary>
public class PerUserLimitTests(PerUserLimitTests.LowLimitsFactory factory)
    : ImageApiTestBase(factory), IClassFixture<PerUserLimitTests.LowLimitsFactory>
{
    [Fact]
    public async Task The_third_ticket_of_the_hour_gets_429_with_retry_after_and_another_user_is_not_affected()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");
        for (var i = 0; i < 2; i++)
        {
            using var ok = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = $"Ticket {i}" });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var limited = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = "Uno más" });
        using var luis = await As("luis@demo.local");
        using var other = await luis.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido = "El mío" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task The_fourth_comment_of_the_hour_gets_429_with_retry_after()
    {
        var ticketId = await CreateOwnTicketAsync("marta@demo.local", "Para comentar");
        for (var i = 0; i < 3; i++)
        {
            await CreateCommentAsync("marta@demo.local", ticketId, $"Comentario {i}");
        }

        using var marta = await As("marta@demo.local");
        using var limited = await marta.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = ticketId.ToString(CultureInfo.InvariantCulture), comentarioTexto = "Otro" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
    }

    [Fact]
    public async Task Uploads_past_the_daily_quota_get_429_and_nothing_is_stored()
    {
        // gestor is not limited by the ticket count of the residents above; the quota is 1 MB a day.
        var demo = await DemoAsync();
        var ticket = await CreateTicketAsync("gestor@demo.local", new { categoriaTicketId = demo.Mantenimiento, contenido = "Fotos", residentId = demo.Luis });
        var ticketId = ticket.GetProperty("id").GetInt32();
        var first = await UploadToTicketAsync("gestor@demo.local", ticketId, ("a.jpg", Padded(600 * 1024)));
        using var gestor = await As("gestor@demo.local");

        using var limited = await PostFilesAsync(gestor, $"/api/tickets/{ticketId}/images", ("b.jpg", Padded(600 * 1024)));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 24 * 3600);
        Assert.Equal(first, await TicketImageUrlsAsync("gestor@demo.local", ticketId));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Factory.UploadsRoot, "tickets", ticketId.ToString(CultureInfo.InvariantCulture))).Length);
    }

    [Fact]
    public async Task The_service_refuses_too_with_a_spanish_message_the_pages_show()
    {
        var demo = await DemoAsync();
        var user = await ServiceUsers.GetAsync(Factory, "gestor.norte@demo.local");
        await using var scope = Factory.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var request = new CreateTicketRequest(demo.Mantenimiento, "Desde la página", null, null, demo.Marta);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await tickets.CreateAsync(user, request, CancellationToken.None)).Succeeded);
        }

        var limited = await tickets.CreateAsync(user, request, CancellationToken.None);

        Assert.Equal(ServiceError.TooManyRequests, limited.Error);
        Assert.NotNull(limited.RetryAfter);
        Assert.Contains("hora", string.Join(" ", limited.Errors!.Values.SelectMany(v => v)), StringComparison.Ordinal);
    }

    /// <summary>A small real JPEG followed by zeros after its end marker, to the given size.</summary>
    private static byte[] Padded(int length)
    {
        var padded = new byte[length];
        TestImages.SmallJpeg().CopyTo(padded, 0);
        return padded;
    }

    public sealed class LowLimitsFactory : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("RateLimiting:Tickets:PerUserPerHour", "2"),
            new("RateLimiting:Comments:PerUserPerHour", "3"),
            new("Storage:QuotaPerUserPerDayMB", "1"),
        ];
    }
}
