using System.Net;
using System.Text.RegularExpressions;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Accounts;

/// <summary>
/// Every account page (Components/Account) wears the portal's own styles: no class of the template's Bootstrap, and no
/// class that none of the portal's stylesheets (app.css, the components' scoped CSS, MudBlazor's) defines. The vendored
/// Bootstrap is gone.
/// </summary>
public partial class AccountPagesLookTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    // The template's Bootstrap vocabulary (MudBlazor's own utility classes such as d-flex or mb-2 are not in it).
    private static readonly Regex BootstrapClass = new(
        "^(btn|btn-.+|form-control|form-floating|form-label|form-check.*|control-label|row|col|col-.+|alert|alert-.+|" +
        "text-(danger|info|success|warning|primary)|nav|nav-pills|nav-item|nav-link|input-group.*|table|w-100|h-100|" +
        "font-weight-bold|glyphicon.*|checkbox)$");

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/ForgotPasswordConfirmation")]
    [InlineData("/Account/ResetPassword?code=Y29kZQ")]
    [InlineData("/Account/ResetPasswordConfirmation")]
    [InlineData("/Account/InvalidPasswordReset")]
    [InlineData("/Account/InvalidUser")]
    [InlineData("/Account/Lockout")]
    [InlineData("/Account/AccessDenied")]
    [InlineData("/Account/SetupPassword")]
    [InlineData("/Account/ResendEmailConfirmation")]
    public async Task An_anonymous_account_page_uses_only_the_portals_styles(string path)
    {
        using var client = factory.CreateAnonymousClient();

        var html = await client.GetStringAsync(path);

        await AssertPortalLookAsync(client, path, html);
    }

    [Fact]
    public async Task Every_page_of_a_two_factor_sign_in_and_of_my_account_uses_only_the_portals_styles()
    {
        var (userId, email, recoveryCode) = await CreateTwoFactorUserAsync();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

        using (var login = await StaticForms.PostAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = PortalAppFactory.DemoPassword,
        }))
        {
            Assert.Contains("Account/LoginWith2fa", login.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        await AssertPortalLookAsync(client, "/Account/LoginWith2fa", await client.GetStringAsync("/Account/LoginWith2fa"));
        await AssertPortalLookAsync(client, "/Account/LoginWithRecoveryCode", await client.GetStringAsync("/Account/LoginWithRecoveryCode"));
        using (var signedIn = await StaticForms.PostAsync(client, "/Account/LoginWithRecoveryCode", "login-with-recovery-code",
            new() { ["Input.RecoveryCode"] = recoveryCode }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        foreach (var path in (string[])[
            "/Account/Manage", "/Account/Manage/Email", "/Account/Manage/ChangePassword", "/Account/Manage/TwoFactorAuthentication",
            "/Account/Manage/EnableAuthenticator", "/Account/Manage/GenerateRecoveryCodes", "/Account/Manage/Disable2fa",
            "/Account/Manage/ResetAuthenticator", "/Account/Manage/Passkeys", "/Account/Manage/PersonalData",
            $"/Account/ConfirmEmail?userId={userId}&code=Y29kZQ", $"/Account/ConfirmEmailChange?userId={userId}&email=new%40test.local&code=Y29kZQ"])
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}.");
            await AssertPortalLookAsync(client, path, await response.Content.ReadAsStringAsync());
        }

        // The new recovery codes, shown once after the post.
        using var codes = await StaticForms.PostAsync(client, "/Account/Manage/GenerateRecoveryCodes", "generate-recovery-codes", []);
        var codesHtml = await codes.Content.ReadAsStringAsync();
        Assert.Contains("recovery-code", codesHtml, StringComparison.Ordinal);
        await AssertPortalLookAsync(client, "/Account/Manage/GenerateRecoveryCodes (codes)", codesHtml);
    }

    [Fact]
    public async Task The_vendored_bootstrap_is_not_served()
    {
        using var client = factory.CreateAnonymousClient();

        using var response = await client.GetAsync("/lib/bootstrap/dist/css/bootstrap.min.css");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<(string UserId, string Email, string RecoveryCode)> CreateTwoFactorUserAsync()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "two-factor-look");
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        return (user.Id, email, codes!.First());
    }

    private static readonly string[] BlazorStateClasses = ["valid", "invalid", "modified"];

    private static async Task AssertPortalLookAsync(HttpClient client, string path, string html)
    {
        Assert.DoesNotContain("bootstrap", html, StringComparison.OrdinalIgnoreCase);
        var classes = ClassAttribute().Matches(html)
            .SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct()
            .ToList();
        Assert.True(classes.Count > 0, $"{path} has no class at all.");
        var bootstrap = classes.Where(c => BootstrapClass.IsMatch(c)).ToList();
        Assert.True(bootstrap.Count == 0, $"{path} still uses Bootstrap's {string.Join(", ", bootstrap)}.");

        var defined = await DefinedClassesAsync(client, html);
        var undefined = classes.Where(c => !defined.Contains(c) && !BlazorStateClasses.Contains(c)).ToList();
        Assert.True(undefined.Count == 0, $"{path} uses classes no stylesheet of the portal defines: {string.Join(", ", undefined)}.");
    }

    private static async Task<HashSet<string>> DefinedClassesAsync(HttpClient client, string html)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match link in StylesheetLink().Matches(html))
        {
            var css = await client.GetStringAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
            foreach (Match selector in CssClassSelector().Matches(css))
            {
                defined.Add(selector.Groups[1].Value);
            }
        }

        return defined;
    }

    [GeneratedRegex("class=\"([^\"]*)\"")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex(@"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")]
    private static partial Regex CssClassSelector();
}
