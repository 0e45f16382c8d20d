using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>/api/notifications and /api/me/preferences (contract v1.1 "notifications and e-mail").</summary>
public class NotificationApiTests(MailFactory factory) : IClassFixture<MailFactory>
{
    /// <summary>A new ticket of ana's whose status gestor changes: one bell notification for ana.</summary>
    private async Task<int> StatusChangeForAnaAsync()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var ticket = (await tickets.CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, "Grifo roto", null, null, null), CancellationToken.None)).Value!;
        Assert.True((await tickets.ManageAsync(gestor, ticket.Id, new ManageTicketRequest(demo.EnProceso, null, null), null, CancellationToken.None)).Succeeded);
        return ticket.Id;
    }

    private static async Task<JsonElement[]> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement[]>())!;
    }

    [Theory]
    [InlineData("GET", "/api/notifications")]
    [InlineData("POST", "/api/notifications/1/read")]
    [InlineData("POST", "/api/notifications/read-all")]
    [InlineData("GET", "/api/me/preferences")]
    [InlineData("PUT", "/api/me/preferences")]
    public async Task Anonymous_callers_get_401(string method, string url)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { language = "en" });
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_owner_lists_marks_one_read_and_marks_all_read_while_others_get_404()
    {
        var ticketId = await StatusChangeForAnaAsync();
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        using var luis = await factory.CreateApiClientAsync("luis@demo.local");

        using var listed = await ana.GetAsync("/api/notifications?unread=true&pageSize=200");
        var unread = await ReadAsync(listed);
        Assert.True(int.Parse(listed.Headers.GetValues("X-Total-Count").Single()) >= 1);
        var mine = unread.First(n => n.GetProperty("ticketId").GetInt32() == ticketId);
        Assert.Equal("status_changed", mine.GetProperty("kind").GetString());
        Assert.Equal("Gestor Demo cambió el estado a «En proceso»", mine.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("readAt").ValueKind);
        Assert.True(mine.GetProperty("createdAt").GetDateTime() > DateTime.MinValue);
        var id = mine.GetProperty("id").GetInt32();
        // Newest first.
        var dates = unread.Select(n => n.GetProperty("createdAt").GetDateTime()).ToList();
        Assert.Equal(dates.OrderDescending(), dates);

        Assert.DoesNotContain(await ReadAsync(await luis.GetAsync("/api/notifications?pageSize=200")), n => n.GetProperty("id").GetInt32() == id);
        using (var foreign = await luis.PostAsync($"/api/notifications/{id}/read", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var missing = await ana.PostAsync("/api/notifications/99999999/read", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var read = await ana.PostAsync($"/api/notifications/{id}/read", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        }

        Assert.DoesNotContain(await ReadAsync(await ana.GetAsync("/api/notifications?unread=true&pageSize=200")), n => n.GetProperty("id").GetInt32() == id);
        var all = await ReadAsync(await ana.GetAsync("/api/notifications?pageSize=200"));
        Assert.NotEqual(JsonValueKind.Null, all.Single(n => n.GetProperty("id").GetInt32() == id).GetProperty("readAt").ValueKind);

        await StatusChangeForAnaAsync();
        using (var readAll = await ana.PostAsync("/api/notifications/read-all", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, readAll.StatusCode);
        }

        using var after = await ana.GetAsync("/api/notifications?unread=true");
        Assert.Empty(await ReadAsync(after));
        Assert.Equal("0", after.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Notifications_page_like_other_lists_and_bad_paging_is_a_validation_problem()
    {
        await StatusChangeForAnaAsync();
        await StatusChangeForAnaAsync();
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");

        using var page = await ana.GetAsync("/api/notifications?page=1&pageSize=1");
        Assert.Single(await ReadAsync(page));
        Assert.True(int.Parse(page.Headers.GetValues("X-Total-Count").Single()) >= 2);
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single());

        using var bad = await ana.GetAsync("/api/notifications?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Notification_text_follows_the_callers_language_preference()
    {
        var ticketId = await StatusChangeForAnaAsync();
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        using (var put = await ana.PutAsJsonAsync("/api/me/preferences", new { language = "en" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        try
        {
            var items = await ReadAsync(await ana.GetAsync("/api/notifications?pageSize=200"));
            Assert.Equal("Gestor Demo changed the status to \"En proceso\"",
                items.First(n => n.GetProperty("ticketId").GetInt32() == ticketId).GetProperty("text").GetString());
        }
        finally
        {
            (await ana.PutAsJsonAsync("/api/me/preferences", new { language = "es" })).Dispose();
        }
    }

    [Fact]
    public async Task Preferences_have_defaults_are_stored_and_bad_values_are_validation_problems()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "prefs");
        using var client = await factory.CreateApiClientAsync(email);

        var defaults = await client.GetFromJsonAsync<JsonElement>("/api/me/preferences");
        Assert.Equal("es", defaults.GetProperty("language").GetString());
        var mail = defaults.GetProperty("email");
        Assert.Equal("immediate", mail.GetProperty("statusChanged").GetString());
        Assert.Equal("immediate", mail.GetProperty("commentAdded").GetString());
        Assert.Equal("immediate", mail.GetProperty("ticketCreated").GetString());
        Assert.Equal("immediate", mail.GetProperty("avisos").GetString());
        Assert.Equal("daily", mail.GetProperty("digest").GetString());

        using (var bad = await client.PutAsJsonAsync("/api/me/preferences", new { language = "fr", email = new { digest = "weekly", avisos = "off" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("language", out _));
            Assert.True(errors.TryGetProperty("email.digest", out _));
            Assert.False(errors.TryGetProperty("email.avisos", out _));
        }

        // Nothing of a refused request is stored.
        Assert.Equal("immediate", (await client.GetFromJsonAsync<JsonElement>("/api/me/preferences")).GetProperty("email").GetProperty("avisos").GetString());

        using (var ok = await client.PutAsJsonAsync("/api/me/preferences", new { language = "EN", email = new { commentAdded = "daily", digest = "off" } }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var stored = await ok.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("en", stored.GetProperty("language").GetString());
            Assert.Equal("daily", stored.GetProperty("email").GetProperty("commentAdded").GetString());
        }

        var again = await client.GetFromJsonAsync<JsonElement>("/api/me/preferences");
        Assert.Equal("en", again.GetProperty("language").GetString());
        Assert.Equal("off", again.GetProperty("email").GetProperty("digest").GetString());
        Assert.Equal("immediate", again.GetProperty("email").GetProperty("statusChanged").GetString());

        await using var scope = factory.Services.CreateAsyncScope();
        var user = await ServiceUsers.GetAsync(factory, email);
        Assert.Equal("en", await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>().GetLanguageAsync(user.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task Malformed_preferences_json_is_400()
    {
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        using var response = await ana.PutAsync("/api/me/preferences", new StringContent("{\"language\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
