using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Images;

/// <summary>The app on a real Kestrel port, for the request-size behaviour the in-memory test server does not have.</summary>
public sealed class KestrelAppFixture : IAsyncLifetime
{
    public PortalAppFactory App { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public Task InitializeAsync()
    {
        BaseUri = App.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

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
