using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>What Chromium itself makes of the portal as an installable app, and the reconnect overlay's look.</summary>
[Collection(BrowserCollection.Name)]
public class InstallJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Chromium_reads_the_manifest_without_errors() =>
        browser.RunAsync("install-manifest", async page =>
        {
            await page.GotoAsync("/Account/Login");
            var cdp = await page.Context.NewCDPSessionAsync(page);

            var manifest = (await cdp.SendAsync("Page.getAppManifest"))!.Value;

            Assert.EndsWith("/manifest.webmanifest", manifest.GetProperty("url").GetString(), StringComparison.Ordinal);
            var errors = manifest.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ToList();
            Assert.True(errors.Count == 0, $"Chromium's manifest errors: {string.Join("; ", errors)}");
            using var parsed = JsonDocument.Parse(manifest.GetProperty("data").GetString()!);
            Assert.Equal("Portal Comunitario", parsed.RootElement.GetProperty("name").GetString());
        }, phone: true);

    [Fact]
    public Task The_reconnect_overlay_reads_in_spanish_in_the_portals_colors() =>
        browser.RunAsync("reconnect-overlay", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await BrowserFixture.WaitForAppAsync(page);

            // The state Blazor puts the overlay in when a reconnection attempt failed (no server to stop here).
            await page.EvaluateAsync("""
                () => {
                    const modal = document.getElementById('components-reconnect-modal');
                    modal.classList.add('components-reconnect-failed');
                    modal.showModal();
                }
                """);

            var modal = page.Locator("#components-reconnect-modal");
            await Expect(modal.GetByRole(AriaRole.Alert)).ToHaveTextAsync("No se pudo volver a conectar. Reintenta o vuelve a cargar la página.");
            var retry = modal.GetByRole(AriaRole.Button, new() { Name = "Reintentar" });
            await Expect(retry).ToBeVisibleAsync();
            await Expect(retry).ToHaveCSSAsync("background-color", "rgb(0, 105, 92)");
            await BrowserFixture.KeepScreenshotAsync(page, "reconnect-overlay-375", fullPage: false);
        }, phone: true);
}
