using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Install;

/// <summary>The portal installs on a phone's home screen: a web app manifest every page links, with its icons.</summary>
public class WebAppManifestTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_manifest_is_served_anonymously_and_names_the_portal_its_colors_start_and_icons()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/manifest.webmanifest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal("Portal Comunitario", root.GetProperty("name").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("short_name").GetString()));
        Assert.Equal("es", root.GetProperty("lang").GetString());
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("#00695C", root.GetProperty("theme_color").GetString());
        Assert.Matches("^#[0-9A-Fa-f]{6}$", root.GetProperty("background_color").GetString());
        Assert.Equal("/", root.GetProperty("scope").GetString());
        // Home sends a resident to Mis tickets (and an administrator to the console).
        Assert.Equal("/", root.GetProperty("start_url").GetString());

        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        foreach (var (size, purpose) in ((int, string)[])[(192, "any"), (512, "any"), (512, "maskable")])
        {
            var icon = Assert.Single(icons, i => i.GetProperty("sizes").GetString() == $"{size}x{size}" && i.GetProperty("purpose").GetString() == purpose);
            Assert.Equal("image/png", icon.GetProperty("type").GetString());
            using var png = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            var bytes = await png.Content.ReadAsByteArrayAsync();
            // The PNG's own header (IHDR) says the size the manifest declares.
            Assert.Equal((size, size), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
        }
    }

    [Fact]
    public async Task The_manifest_follows_the_portals_language()
    {
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");

        using var manifest = JsonDocument.Parse(await client.GetStringAsync("/manifest.webmanifest"));

        Assert.Equal("en", manifest.RootElement.GetProperty("lang").GetString());
        Assert.Equal("Community Portal", manifest.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_page_links_the_manifest_the_theme_color_and_a_home_screen_icon()
    {
        using var client = factory.CreateAnonymousClient();

        var html = await client.GetStringAsync("/Account/Login");

        Assert.Contains("<link rel=\"manifest\" href=\"manifest.webmanifest\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"theme-color\" content=\"#00695C\"", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"apple-touch-icon\"", html, StringComparison.Ordinal);
    }
}
