using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

/// <summary>The overlay shown while the connection to the server is lost speaks the portal's language.</summary>
public class ReconnectModalTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData(null, "Reconectando con el servidor…", "Reintentar", "Rejoining")]
    [InlineData("en", "Reconnecting to the server…", "Retry", "Reconectando")]
    public async Task The_reconnect_overlay_reads_in_the_portals_language(string? culture, string reconnecting, string retry, string otherLanguage)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        if (culture is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}");
        }

        await StaticForms.SignInAsync(client, "ana@demo.local");
        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/tickets"));
        var overlay = html[html.IndexOf("<dialog id=\"components-reconnect-modal\"", StringComparison.Ordinal)..];
        overlay = overlay[..(overlay.IndexOf("</dialog>", StringComparison.Ordinal) + 9)];

        Assert.Contains(reconnecting, overlay, StringComparison.Ordinal);
        Assert.Contains(retry, overlay, StringComparison.Ordinal);
        Assert.DoesNotContain(otherLanguage, overlay, StringComparison.Ordinal);
    }
}
