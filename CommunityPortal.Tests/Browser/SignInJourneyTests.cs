using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SignInJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("ana@demo.local", "/tickets", "Mis tickets", "Ana Pérez")]
    [InlineData("luis@demo.local", "/tickets", "Mis tickets", "Luis Gómez")]
    [InlineData("marta@demo.local", "/tickets", "Mis tickets", "Marta Rodríguez")]
    [InlineData("gestor@demo.local", "/admin", "Administración", "Gestor Demo")]
    [InlineData("gestor.norte@demo.local", "/admin", "Administración", "Gestor Norte")]
    [InlineData("admin@demo.local", "/admin", "Administración", "Administración del sistema")]
    public Task Each_demo_user_signs_in_through_the_login_page_and_lands_on_the_page_for_their_role(
        string email, string path, string heading, string displayName) =>
        browser.RunAsync($"signin-{email}", async page =>
        {
            await BrowserFixture.SignInAsync(page, email);

            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseUri, path).ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("user-name")).ToHaveTextAsync(displayName);
        });

    [Fact]
    public Task A_wrong_password_shows_an_error_and_does_not_sign_in() =>
        browser.RunAsync("wrong-password", async page =>
        {
            var email = await TestUsers.CreateResidentAsync(browser.App, "wrong-password");

            await BrowserFixture.SignInAsync(page, email, "not-the-password-at-all");

            await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Correo o contraseña incorrectos.");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
            await page.GotoAsync("/tickets");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login\\?ReturnUrl="));
        });

    [Fact]
    public Task Five_wrong_passwords_lock_this_browser_out_of_the_account_until_unlocked() =>
        browser.RunAsync("lockout", async page =>
        {
            var email = await TestUsers.CreateResidentAsync(browser.App, "lockout");

            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await BrowserFixture.SignInAsync(page, email, $"wrong-password-{attempt}");
                await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
            }

            await BrowserFixture.SignInAsync(page, email, "wrong-password-5");
            await Expect(page.GetByTestId("lockout")).ToBeVisibleAsync();

            // The right password is refused while the lockout lasts.
            await BrowserFixture.SignInAsync(page, email);
            await Expect(page.GetByTestId("lockout")).ToBeVisibleAsync();
            await page.GotoAsync("/tickets");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));

            await using (var scope = browser.App.Services.CreateAsyncScope())
            {
                // The lockout is this browser's address's, not the account's (anyone could lock an account out
                // otherwise); its five minutes are driven by a clock in SignInLockoutExpiryTests. Here an
                // administrator's unlock lifts it.
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                var user = await users.FindByEmailAsync(email);
                Assert.False(await users.IsLockedOutAsync(user!));
                Assert.True((await scope.ServiceProvider.GetRequiredService<CommunityPortal.Features.Accounts.AccountService>().UnlockAsync(user!.Id, default)).Succeeded);
            }

            await BrowserFixture.SignInAsync(page, email);
            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseUri, "/tickets").ToString());
        });

    [Fact]
    public Task Signing_out_from_the_user_menu_returns_to_the_login_page() =>
        browser.RunAsync("sign-out", async page =>
        {
            await BrowserFixture.SignInAsync(page, "luis@demo.local");
            await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();

            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("user-menu-button").ClickAsync();
            await page.GetByTestId("logout").ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
            await page.GotoAsync("/tickets");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        });

    [Fact]
    public Task The_api_accepts_the_browsers_identity_cookie_and_answers_401_without_it() =>
        browser.RunAsync("api-cookie", async page =>
        {
            var anonymous = await page.Context.APIRequest.GetAsync("/api/auth/me", new() { MaxRedirects = 0 });
            Assert.Equal(401, anonymous.Status);

            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            var me = await page.Context.APIRequest.GetAsync("/api/auth/me");
            Assert.Equal(200, me.Status);
            var body = await me.JsonAsync();
            Assert.Equal("gestor@demo.local", body!.Value.GetProperty("email").GetString());

            var tickets = await page.Context.APIRequest.GetAsync("/api/tickets");
            Assert.Equal(200, tickets.Status);
        });
}
