using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Api;

/// <summary>
/// Contract v1.1 security: cookie-authenticated unsafe requests to /api carry the antiforgery token the pages hold
/// (header X-CSRF-TOKEN); without it → 400. Bearer requests need none.
/// </summary>
public partial class ApiCsrfTests(PortalAppFactory factory) : ImageApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_photo_upload_with_the_session_cookie_and_no_token_is_refused_and_nothing_is_stored()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Gotera en el techo del garaje");
        using var browser = Factory.CreateAnonymousClient();
        await StaticForms.SignInAsync(browser, "ana@demo.local");

        using var response = await PostFilesAsync(browser, $"/api/tickets/{ticketId}/images", ("foto.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Empty(await TicketImageUrlsAsync("ana@demo.local", ticketId));
    }

    [Fact]
    public async Task A_photo_upload_with_the_session_cookie_and_the_pages_token_is_stored()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Grieta en la pared del portal");
        using var browser = Factory.CreateAnonymousClient();
        await StaticForms.SignInAsync(browser, "ana@demo.local");
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await PageTokenAsync(browser));

        using var response = await PostFilesAsync(browser, $"/api/tickets/{ticketId}/images", ("foto.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await TicketImageUrlsAsync("ana@demo.local", ticketId));
    }

    [Fact]
    public async Task A_photo_upload_with_a_bearer_token_needs_no_antiforgery_token()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Farola apagada en la entrada");
        using var api = await As("ana@demo.local");

        using var response = await PostFilesAsync(api, $"/api/tickets/{ticketId}/images", ("foto.jpg", TestImages.SmallJpeg()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Json_writes_with_the_session_cookie_need_the_token_and_reads_do_not()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Puerta del garaje ruidosa");
        using var browser = Factory.CreateAnonymousClient();
        await StaticForms.SignInAsync(browser, "ana@demo.local");

        using var read = await browser.GetAsync($"/api/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var put = await browser.PutAsJsonAsync($"/api/tickets/{ticketId}", new { contenido = "Cambiado por otra web" });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var delete = await browser.DeleteAsync($"/api/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        using var wrongToken = new HttpRequestMessage(HttpMethod.Delete, $"/api/tickets/{ticketId}");
        wrongToken.Headers.Add("X-CSRF-TOKEN", "not-a-token");
        using var forged = await browser.SendAsync(wrongToken);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var ticket = await (await As("ana@demo.local")).GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
        Assert.Equal("Puerta del garaje ruidosa", ticket.GetProperty("contenido").GetString());

        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await PageTokenAsync(browser));
        using var allowed = await browser.PutAsJsonAsync($"/api/tickets/{ticketId}", new { contenido = "Cambiado por Ana" });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    // The token the portal's pages give their scripts.
    private static async Task<string> PageTokenAsync(HttpClient browser)
    {
        var html = await browser.GetStringAsync("/tickets");
        var match = MetaToken().Match(html);
        Assert.True(match.Success, "The page has no csrf-token meta tag.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
