using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Auth;

/// <summary>POST /api/auth/forgot-password and /reset-password, and the forgot-password page that shares the service.</summary>
public class PasswordResetApiTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private const string NewPassword = "una frase nueva y larga";

    [Fact]
    public async Task Forgot_password_answers_alike_for_known_and_unknown_accounts_and_mails_only_the_known_one()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "forgot");
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";
        using var client = factory.CreateAnonymousClient();

        using var known = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email });
        using var missing = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email = unknown });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (known.StatusCode, missing.StatusCode));
        Assert.Equal(await known.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        var mail = Assert.Single(factory.Mail.To(email));
        var publicBase = factory.Services.GetRequiredService<PublicLinks>().Absolute("Account/ResetPassword?code=");
        Assert.StartsWith(publicBase, mail.Link, StringComparison.Ordinal);
        Assert.Empty(factory.Mail.To(unknown));
    }

    [Fact]
    public async Task A_reset_link_sets_the_new_password_once()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "reset-once");
        var token = await RequestTokenAsync(email);
        using var client = factory.CreateAnonymousClient();

        using var reset = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);

        await ApiTokens.LoginAsync(factory, email, NewPassword);
        using var oldPassword = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);

        using var again = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token, newPassword = "y otra frase más larga" });
        await AssertInvalidAsync(again, "token");
    }

    [Fact]
    public async Task Invalid_tokens_unknown_accounts_and_weak_passwords_are_400_validation_problems()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "reset-invalid");
        var token = await RequestTokenAsync(email);
        using var client = factory.CreateAnonymousClient();

        await AssertInvalidAsync(await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token = "not-a-token", newPassword = NewPassword }), "token");
        await AssertInvalidAsync(await client.PostAsJsonAsync("/api/auth/reset-password", new { email = "nobody@test.local", token, newPassword = NewPassword }), "token");
        await AssertInvalidAsync(await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token, newPassword = "short" }), "newPassword");
        await AssertInvalidAsync(await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token }), "newPassword");

        // The weak attempt did not spend the link.
        using var reset = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
    }

    [Fact]
    public async Task A_reset_link_expires_after_one_hour_while_set_password_links_still_last_a_week()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "reset-expiry");
        var token = await RequestTokenAsync(email);

        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var client = factory.CreateAnonymousClient();
        using var expired = await client.PostAsJsonAsync("/api/auth/reset-password", new { email, token, newPassword = NewPassword });

        await AssertInvalidAsync(expired, "token");
        Assert.Equal(TimeSpan.FromDays(7), CommunityPortal.Auth.PortalIdentityOptions.SetupLinkLifetime);
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.DataProtectionTokenProviderOptions>>();
        Assert.Equal(TimeSpan.FromDays(7), options.Value.TokenLifespan);
    }

    [Fact]
    public async Task The_forgot_password_page_sends_the_same_public_link()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "forgot-page");
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        using var response = await StaticForms.PostAsync(client, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = Assert.Single(factory.Mail.To(email));
        Assert.StartsWith(factory.Services.GetRequiredService<PublicLinks>().Absolute("Account/ResetPassword?code="), mail.Link, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mail.Link, StringComparison.Ordinal);
    }

    private async Task<string> RequestTokenAsync(string email)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var link = new Uri(Assert.Single(factory.Mail.To(email)).Link);
        return QueryHelpers.ParseQuery(link.Query)["code"].ToString();
    }

    private static async Task AssertInvalidAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors.{field} is missing: {problem}");
        }
    }
}
