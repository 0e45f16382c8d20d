using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Images;

/// <summary>
/// Uploads over real sockets: a file over 10 MB gets a 400 naming it (not a reset connection), and a
/// request larger than Kestrel's default 30 MB body limit but within the upload limit goes through.
/// </summary>
public class ImageUploadKestrelTests(KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    [Fact]
    public async Task An_11_mb_photo_gets_a_400_naming_it_and_three_10_mb_photos_in_one_request_are_accepted()
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        using (var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "ana@demo.local", password = PortalAppFactory.DemoPassword }))
        {
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var categories = await client.GetFromJsonAsync<JsonElement>("/api/categoriaticket");
        using var created = await client.PostAsJsonAsync("/api/tickets",
            new { categoriaTicketId = categories[0].GetProperty("id").GetInt32(), contenido = "Fotos grandes" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        using var tooBig = await Post(client, ticketId, ("enorme.jpg", Padded(11 * 1024 * 1024)));
        using var three = await Post(client, ticketId,
            ("a.jpg", Padded(10 * 1024 * 1024)), ("b.jpg", Padded(10 * 1024 * 1024)), ("c.jpg", Padded(10 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal("application/problem+json", tooBig.Content.Headers.ContentType?.MediaType);
        Assert.Contains("enorme.jpg", await tooBig.Content.ReadAsStringAsync());
        Assert.True(three.StatusCode == HttpStatusCode.Created, await three.Content.ReadAsStringAsync());
        Assert.Equal(3, (await three.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imageUrls").GetArrayLength());
    }

    [Fact]
    public async Task An_upload_to_an_unknown_ticket_is_answered_404_before_its_50_mb_body_is_sent()
    {
        var token = await TokenAsync("ana@demo.local");

        var (status, sent) = await SendHeadThenWaitAsync("/api/tickets/999999/images", token, 50 * 1024 * 1024);

        Assert.Equal(404, status);
        Assert.True(sent < 1024 * 1024, $"{sent} bytes were sent before the answer");
    }

    [Fact]
    public async Task An_upload_to_a_full_ticket_is_answered_400_before_its_body_is_sent()
    {
        var token = await TokenAsync("ana@demo.local");
        using var client = new HttpClient { BaseAddress = fixture.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var categories = await client.GetFromJsonAsync<JsonElement>("/api/categoriaticket");
        using var created = await client.PostAsJsonAsync("/api/tickets",
            new { categoriaTicketId = categories[0].GetProperty("id").GetInt32(), contenido = "Diez fotos" });
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using (var ten = await Post(client, ticketId, [.. Enumerable.Range(1, 10).Select(i => ($"{i}.jpg", TestImages.SmallJpeg()))]))
        {
            Assert.Equal(HttpStatusCode.Created, ten.StatusCode);
        }

        var (status, sent) = await SendHeadThenWaitAsync($"/api/tickets/{ticketId}/images", token, 20 * 1024 * 1024);

        Assert.Equal(400, status);
        Assert.True(sent < 1024 * 1024, $"{sent} bytes were sent before the answer");
    }

    private async Task<string> TokenAsync(string email)
    {
        using var client = new HttpClient { BaseAddress = fixture.BaseUri };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// Over a raw socket: the headers of a multipart upload announcing <paramref name="declaredLength"/> bytes and its
    /// first 64 KB, then nothing more. Returns the status the server answers with (it can only answer if it decided
    /// without the rest of the body) and how many bytes had been sent.
    /// </summary>
    private async Task<(int Status, long Sent)> SendHeadThenWaitAsync(string path, string token, long declaredLength)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(fixture.BaseUri.Host, fixture.BaseUri.Port);
        var stream = tcp.GetStream();
        const string boundary = "----guard";
        var head = System.Text.Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {fixture.BaseUri.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {declaredLength}\r\n\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"grande.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var part = new byte[64 * 1024];
        TestImages.SmallJpeg().CopyTo(part, 0);
        await stream.WriteAsync(head);
        await stream.WriteAsync(part);
        await stream.FlushAsync();
        var sent = head.Length + part.Length;

        // Generous for a loaded machine; the body is never completed, so only an early answer can arrive.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[4096];
        var received = new System.Text.StringBuilder();
        try
        {
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            return (0, sent);
        }

        var statusLine = received.ToString().Split("\r\n")[0];
        return (int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), sent);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, int ticketId, params (string Name, byte[] Bytes)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            form.Add(new ByteArrayContent(bytes), "files", name);
        }

        return await client.PostAsync($"/api/tickets/{ticketId}/images", form);
    }

    /// <summary>A small real JPEG followed by zeros after its end marker, to the given size.</summary>
    private static byte[] Padded(int length)
    {
        var padded = new byte[length];
        TestImages.SmallJpeg().CopyTo(padded, 0);
        return padded;
    }
}
