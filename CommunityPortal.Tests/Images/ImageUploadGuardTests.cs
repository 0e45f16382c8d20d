using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Images;

/// <summary>
/// Who may change a ticket's images once it is final (api.md "v1.1 — security"): its resident no longer may
/// (403, as for editing), its administrators still may.
/// </summary>
public class ImageUploadGuardTests(PortalAppFactory factory) : ImageApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private const string Ana = "ana@demo.local";

    private async Task<(int TicketId, string Url)> CancelledTicketWithPhotoAsync()
    {
        var demo = await DemoAsync();
        var ticketId = await CreateOwnTicketAsync(Ana, "Lo retiro después");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("antes.jpg", TestImages.SmallJpeg())));
        using var client = await As(Ana);
        using var cancel = await client.PutAsJsonAsync($"/api/tickets/{ticketId}", new { statusId = demo.Cancelado });
        Assert.True(cancel.StatusCode == HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        return (ticketId, url);
    }

    [Fact]
    public async Task The_resident_cannot_add_photos_to_a_cancelled_ticket_and_nothing_is_written()
    {
        var (ticketId, url) = await CancelledTicketWithPhotoAsync();
        using var client = await As(Ana);

        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("despues.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([url], await TicketImageUrlsAsync(Ana, ticketId));
        Assert.Single(Directory.GetFiles(Path.Combine(Factory.UploadsRoot, "tickets", ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "*.thumb.*"));
    }

    [Fact]
    public async Task The_resident_cannot_remove_a_photo_of_a_cancelled_ticket()
    {
        var (ticketId, url) = await CancelledTicketWithPhotoAsync();
        using var client = await As(Ana);

        using var response = await client.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(url)}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([url], await TicketImageUrlsAsync(Ana, ticketId));
        Assert.True(File.Exists(PhysicalPath(url)));
    }

    [Fact]
    public async Task Its_administrator_still_adds_and_removes_photos_of_a_cancelled_ticket()
    {
        var (ticketId, url) = await CancelledTicketWithPhotoAsync();
        using var gestor = await As("gestor@demo.local");

        using var added = await PostFilesAsync(gestor, $"/api/tickets/{ticketId}/images", ("informe.jpg", TestImages.SmallJpeg()));
        using var removed = await gestor.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(url)}");

        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
    }

    [Fact]
    public async Task A_full_comment_is_refused_with_400_naming_the_limit()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Comentario lleno");
        var commentId = await CreateCommentAsync(Ana, ticketId);
        using var client = await As(Ana);
        using (var five = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images",
            [.. Enumerable.Range(1, 5).Select(i => ($"{i}.jpg", TestImages.SmallJpeg()))]))
        {
            Assert.Equal(HttpStatusCode.Created, five.StatusCode);
        }

        using var sixth = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images", ("6.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.BadRequest, sixth.StatusCode);
        Assert.Contains("5", await sixth.Content.ReadAsStringAsync());
    }
}
