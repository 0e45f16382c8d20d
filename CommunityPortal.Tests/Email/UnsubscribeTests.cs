using System.Net;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>/email/unsubscribe: a confirm page without signing in, RFC 8058 one-click POST, bad tokens refused.</summary>
public class UnsubscribeTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private async Task<(string UserId, string Path)> LinkAsync(string preferenceKind)
    {
        var email = await TestUsers.CreateResidentAsync(factory, "unsub");
        var user = await ServiceUsers.GetAsync(factory, email);
        var url = factory.Services.GetRequiredService<NotificationMail>().UnsubscribeUrl(user.UserId, preferenceKind);
        Assert.StartsWith(MailFactory.PublicUrl + "email/unsubscribe?token=", url);
        return (user.UserId, "/" + url[MailFactory.PublicUrl.Length..]);
    }

    private async Task<PreferencesDto> PreferencesAsync(string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>().GetAsync(userId, CancellationToken.None);
    }

    [Fact]
    public async Task The_link_shows_a_confirm_page_without_signing_in_and_its_button_turns_the_kind_off()
    {
        var (userId, path) = await LinkAsync(PreferenceKinds.StatusChanged);
        using var client = factory.CreateAnonymousClient();

        using var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("¿Quieres dejar de recibir los correos de «Cambios de estado de un ticket»", html);
        Assert.Contains("data-testid=\"unsubscribe-confirm\"", html);
        Assert.Equal("immediate", (await PreferencesAsync(userId)).Email.StatusChanged);

        // The page's form: no antiforgery token, no cookie — the token in the URL is the credential.
        using var posted = await client.PostAsync(path, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(path, posted.Headers.Location?.OriginalString);
        Assert.Equal("off", (await PreferencesAsync(userId)).Email.StatusChanged);
        Assert.Equal("immediate", (await PreferencesAsync(userId)).Email.CommentAdded);

        var done = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        Assert.Contains("data-testid=\"unsubscribe-done\"", done);
        Assert.DoesNotContain("data-testid=\"unsubscribe-confirm\"", done);
    }

    [Fact]
    public async Task One_click_post_from_a_mail_provider_turns_the_kind_off()
    {
        var (userId, path) = await LinkAsync(PreferenceKinds.Digest);
        using var client = factory.CreateAnonymousClient();

        using var response = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("off", (await PreferencesAsync(userId)).Email.Digest);
    }

    [Theory]
    [InlineData("/email/unsubscribe")]
    [InlineData("/email/unsubscribe?token=")]
    [InlineData("/email/unsubscribe?token=not-a-token")]
    public async Task A_bad_token_is_400_on_the_page_and_on_post(string path)
    {
        using var client = factory.CreateAnonymousClient();

        using var page = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("data-testid=\"unsubscribe-invalid\"", await page.Content.ReadAsStringAsync());

        using var posted = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_changes_nothing()
    {
        var (userId, path) = await LinkAsync(PreferenceKinds.CommentAdded);
        var token = Uri.UnescapeDataString(path[(path.IndexOf('=') + 1)..]);
        var tampered = "/email/unsubscribe?token=" + Uri.EscapeDataString(token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..]);
        using var client = factory.CreateAnonymousClient();

        using var page = await client.GetAsync(tampered);
        using var posted = await client.PostAsync(tampered, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("immediate", (await PreferencesAsync(userId)).Email.CommentAdded);
    }
}
