using System.Net;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CommunityPortal.Tests.Operations;

public class OperationsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task Healthz_answers_200_anonymously_when_the_database_answers()
    {
        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_is_gone()
    {
        await using var broken = new BrokenDatabaseFactory();
        var brokenClient = broken.CreateClient();
        File.Delete(broken.DatabasePath);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // An empty file in its place opens fine but has no schema: the check must still fail.
        await File.WriteAllBytesAsync(broken.DatabasePath, []);

        using var response = await brokenClient.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/Register")]
    [InlineData("/Account/RegisterConfirmation")]
    [InlineData("/Account/ExternalLogin")]
    public async Task Self_registration_pages_do_not_exist(string path)
    {
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_login_page_offers_no_registration_link_and_speaks_spanish()
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Login"));

        Assert.DoesNotContain("Account/Register", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Iniciar sesión", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"es\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        using var response = await client.GetAsync("/tickets");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_cookie_switches_the_ui_to_english_and_rejects_unknown_cultures()
    {
        using var set = await client.GetAsync("/preferences/culture/en?returnUrl=/Account/Login");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/Account/Login", set.Headers.Location?.OriginalString);
        var cookie = Assert.Single(set.Headers.GetValues("Set-Cookie"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var page = await client.SendAsync(request);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Sign in", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", html, StringComparison.Ordinal);

        using var bad = await client.GetAsync("/preferences/culture/xx");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Preference_redirects_never_leave_the_site()
    {
        using var response = await client.GetAsync("/preferences/culture/en?returnUrl=//evil.example/x");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    private sealed class BrokenDatabaseFactory : PortalAppFactory;
}
