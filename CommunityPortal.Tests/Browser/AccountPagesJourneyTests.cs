using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>The account pages in the portal's own look (no Bootstrap), in Spanish, on a phone and a desktop.</summary>
[Collection(BrowserCollection.Name)]
public class AccountPagesJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Every class on the page and every stylesheet it loads, read from the DOM the browser built.
    private const string PageStylesScript = """
        () => ({
            classes: [...new Set([...document.querySelectorAll('[class]')].flatMap(e => [...e.classList]))],
            stylesheets: [...document.styleSheets].map(s => s.href ?? ''),
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        })
        """;

    private static readonly System.Text.RegularExpressions.Regex BootstrapClass = new(
        "^(btn|btn-.+|form-control|form-floating|form-label|row|col|col-.+|alert|alert-.+|text-danger|nav-pills|nav-link|input-group.*|w-100)$");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_forgot_password_page_reads_in_spanish_in_the_portals_look(bool phone) =>
        browser.RunAsync($"forgot-password-{(phone ? 375 : 1280)}", async page =>
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByRole(AriaRole.Link, new() { Name = "¿Olvidaste tu contraseña?" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/ForgotPassword$"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "¿Olvidaste tu contraseña?", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Correo electrónico")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Restablecer contraseña" })).ToBeVisibleAsync();
            await AssertPortalLookAsync(page);

            // An empty form is answered on the page, in Spanish, with the field marked.
            await page.GetByRole(AriaRole.Button, new() { Name = "Restablecer contraseña" }).ClickAsync();
            await Expect(page.Locator(".validation-message")).ToHaveTextAsync("Escribe tu correo electrónico.");
            await BrowserFixture.KeepScreenshotAsync(page, $"account-forgot-password-{(phone ? 375 : 1280)}");
        }, phone);

    [Fact]
    public Task The_forgot_password_page_follows_the_dark_theme() =>
        browser.RunAsync("forgot-password-dark", async page =>
        {
            await page.GotoAsync("/preferences/theme/dark?returnUrl=/Account/ForgotPassword");

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "¿Olvidaste tu contraseña?", Level = 1 })).ToBeVisibleAsync();
            // The card and the field are drawn from the dark palette, not left white.
            var backgrounds = await page.EvaluateAsync<string[]>(
                "() => ['.account-card', '[id=\"Input.Email\"]'].map(s => getComputedStyle(document.querySelector(s)).backgroundColor)");
            Assert.All(backgrounds, color => Assert.NotEqual("rgb(255, 255, 255)", color));
            await AssertPortalLookAsync(page);
            await BrowserFixture.KeepScreenshotAsync(page, "account-forgot-password-dark-375");
        }, phone: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task My_account_pages_wear_the_portals_look(bool phone) =>
        browser.RunAsync($"account-manage-{(phone ? 375 : 1280)}", async page =>
        {
            var email = await TestUsers.CreateResidentAsync(browser.App, $"account-look-{(phone ? 375 : 1280)}");
            await BrowserFixture.SignInAsync(page, email);

            foreach (var (path, heading) in (ValueTuple<string, string>[])[
                ("/Account/Manage", "Perfil"), ("/Account/Manage/Email", "Correo electrónico"),
                ("/Account/Manage/ChangePassword", "Cambiar contraseña"),
                ("/Account/Manage/TwoFactorAuthentication", "Verificación en dos pasos"),
                ("/Account/Manage/EnableAuthenticator", "Configurar app de autenticación"),
                ("/Account/Manage/Passkeys", "Llaves de acceso"), ("/Account/Manage/PersonalData", "Datos personales")])
            {
                await page.GotoAsync(path);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mi cuenta", Level = 1 })).ToBeVisibleAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 2 })).ToBeVisibleAsync();
                await AssertPortalLookAsync(page);
                await BrowserFixture.KeepScreenshotAsync(page, $"{path.TrimStart('/').Replace('/', '-').ToLowerInvariant()}-{(phone ? 375 : 1280)}");
            }
        }, phone);

    private static async Task AssertPortalLookAsync(IPage page)
    {
        var look = await page.EvaluateAsync<PageLook>(PageStylesScript);
        Assert.DoesNotContain(look.Stylesheets, href => href.Contains("bootstrap", StringComparison.OrdinalIgnoreCase));
        var bootstrap = look.Classes.Where(c => BootstrapClass.IsMatch(c)).ToList();
        Assert.True(bootstrap.Count == 0, $"{page.Url} uses Bootstrap's {string.Join(", ", bootstrap)}.");
        Assert.True(look.Overflow <= 0, $"{page.Url} scrolls sideways by {look.Overflow} px.");
    }

    private sealed class PageLook
    {
        public string[] Classes { get; set; } = [];

        public string[] Stylesheets { get; set; } = [];

        public int Overflow { get; set; }
    }
}
