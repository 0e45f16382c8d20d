using System.Net;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Security;

/// <summary>
/// Someone not signed in gets static server-rendered pages only: no interactive component, so no circuit and no
/// blazor WebSocket to hold open on the server (a crawler on the 404 page used to get one per request).
/// </summary>
public class StaticAnonymousPagesTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string InteractiveServerMarker = "<!--Blazor:{\"type\":\"server\"";

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/Lockout")]
    [InlineData("/Error")]
    [InlineData("/not-found")]
    public async Task An_anonymous_page_is_static(string path)
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.DoesNotContain(InteractiveServerMarker, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_a_static_404_page_for_an_anonymous_visitor()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/no/such/page-" + Guid.NewGuid().ToString("N"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"not-found\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(InteractiveServerMarker, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_page_is_still_interactive()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await StaticForms.SignInAsync(client, "ana@demo.local");

        using var response = await client.GetAsync("/tickets");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(InteractiveServerMarker, html, StringComparison.Ordinal);
    }
}
