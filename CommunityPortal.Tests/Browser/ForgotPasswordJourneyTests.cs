using System.Net;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>"¿Olvidaste tu contraseña?" end to end: the e-mail reaches a real SMTP server and its link works once.</summary>
[Collection(BrowserCollection.Name)]
public class ForgotPasswordJourneyTests(MailBrowserFixture browser) : IClassFixture<MailBrowserFixture>
{
    private const string NewPassword = "mi nueva frase secreta";

    private static async Task AskForLinkAsync(IPage page, string email)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "¿Olvidaste tu contraseña?" }).ClickAsync();
        // The login form has an e-mail field of the same name: fill only once the other page is there.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/ForgotPassword$"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.FillAsync("[name='Input.Email']", email);
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revisa tu correo", Level = 1 })).ToBeVisibleAsync();
    }

    private static async Task ResetAsync(IPage page, string link, string email, string password)
    {
        await page.GotoAsync(link);
        await page.FillAsync("[name='Input.Email']", email);
        await page.FillAsync("[name='Input.Password']", password);
        await page.FillAsync("[name='Input.ConfirmPassword']", password);
        await page.ClickAsync("form button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    private string LinkIn(MimeKit.MimeMessage message) =>
        message.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(new Uri(browser.BaseUri, "Account/ResetPassword?code=").ToString(), StringComparison.Ordinal));

    [Fact]
    public Task The_reset_email_arrives_and_its_link_sets_a_new_password_once() =>
        browser.RunAsync("forgot-password", async page =>
        {
            var email = await TestUsers.CreateResidentAsync(browser.App, "olvido-navegador");

            await AskForLinkAsync(page, email);

            var message = Assert.Single(await browser.Smtp.WaitForToAsync(email));
            Assert.Equal("Restablecer tu contraseña de Portal Comunitario", message.Subject);
            var link = LinkIn(message);
            await ResetAsync(page, link, email, NewPassword);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contraseña restablecida", Level = 1 })).ToBeVisibleAsync();

            await BrowserFixture.SignInAsync(page, email, NewPassword);
            await Expect(page.GetByTestId("app-ready")).ToBeAttachedAsync();

            // The password-changed notice follows; the same link a second time changes nothing.
            await browser.Smtp.WaitForAsync(m => m.Subject == "Tu contraseña de Portal Comunitario ha cambiado" && m.To.Mailboxes.Any(a => a.Address == email));
            await using var second = await browser.NewContextAsync();
            var again = await second.NewPageAsync();
            await ResetAsync(again, link, email, NewPassword + " otra vez");
            await Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Contraseña restablecida", Level = 1 })).Not.ToBeVisibleAsync();
            await Expect(again.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
            await BrowserFixture.SignInAsync(again, email, NewPassword + " otra vez");
            await Expect(again.GetByTestId("login-error")).ToBeVisibleAsync();
        });

    [Fact]
    public Task An_unknown_address_sees_the_same_page_and_nothing_is_sent() =>
        browser.RunAsync("forgot-password-unknown", async page =>
        {
            var unknown = $"nadie-{Guid.NewGuid():N}@test.local";

            await AskForLinkAsync(page, unknown);

            // A known address asked right after is delivered, so the sender has looked at the queue since.
            var known = await TestUsers.CreateResidentAsync(browser.App, "conocida");
            await AskForLinkAsync(page, known);
            await browser.Smtp.WaitForToAsync(known);
            Assert.Empty(browser.Smtp.To(unknown));
            await using var db = browser.App.CreateDbContext();
            Assert.False(await db.OutgoingEmails.AnyAsync(e => e.ToAddress == unknown));
        });

    [Fact]
    public async Task A_forged_host_header_never_reaches_the_link()
    {
        var email = await TestUsers.CreateResidentAsync(browser.App, "host-falso");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = browser.BaseUri,
        };
        client.DefaultRequestHeaders.Host = "evil.example";

        using var response = await StaticForms.PostAsync(client, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var message = Assert.Single(await browser.Smtp.WaitForToAsync(email));
        Assert.DoesNotContain("evil.example", message.TextBody);
        Assert.DoesNotContain("evil.example", message.HtmlBody);
        Assert.StartsWith(browser.BaseUri.ToString(), LinkIn(message), StringComparison.Ordinal);
    }
}
