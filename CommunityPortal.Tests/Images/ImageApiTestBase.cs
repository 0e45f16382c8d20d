using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;
using CommunityPortal.Tests.Tickets;

namespace CommunityPortal.Tests.Images;

/// <summary>Upload and download helpers for the image API tests.</summary>
public abstract class ImageApiTestBase(PortalAppFactory factory) : TicketApiTestBase(factory)
{
    protected static async Task<HttpResponseMessage> PostFilesAsync(HttpClient client, string path, params (string Name, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            // The declared type is a lie on purpose: the server must look at the bytes.
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", name);
        }

        return await client.PostAsync(path, form);
    }

    /// <summary>Uploads to a ticket and returns the ticket's image URLs (asserts 201).</summary>
    protected async Task<List<string>> UploadToTicketAsync(string email, int ticketId, params (string Name, byte[] Bytes)[] files)
    {
        using var client = await As(email);
        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", files);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return body.GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()!).ToList();
    }

    protected static Task<HttpResponseMessage> DownloadAsync(HttpClient client, string imageUrl, bool thumb = false) =>
        client.GetAsync("/" + imageUrl + (thumb ? "?size=thumb" : ""));

    protected async Task<List<string>> TicketImageUrlsAsync(string email, int ticketId)
    {
        using var client = await As(email);
        var ticket = await client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
        return ticket.GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()!).ToList();
    }

    protected async Task<int> CreateCommentAsync(string email, int ticketId, string text = "Adjunto fotos")
    {
        using var client = await As(email);
        using var response = await client.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), comentarioTexto = text });
        return (await ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    /// <summary>The file on disk behind an image URL ("uploads/tickets/12/x.jpg").</summary>
    protected string PhysicalPath(string imageUrl, bool thumb = false)
    {
        var relative = imageUrl["uploads/".Length..];
        if (thumb)
        {
            var extension = Path.GetExtension(relative);
            relative = relative[..^extension.Length] + ".thumb" + extension;
        }

        return Path.Combine(Factory.UploadsRoot, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
