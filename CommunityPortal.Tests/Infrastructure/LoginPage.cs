using System.Net;
using System.Text.RegularExpressions;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>One post of the static login form, and what a person would see come back.</summary>
public static partial class LoginPage
{
    public sealed record Outcome(HttpStatusCode Status, string? Location, string? Error)
    {
        public bool SignedIn => Status == HttpStatusCode.Redirect && Location is { } to && !to.Contains("Account/", StringComparison.Ordinal);

        public bool LockedOut => Status == HttpStatusCode.Redirect && Location is { } to && to.Contains("Account/Lockout", StringComparison.Ordinal);
    }

    public static async Task<Outcome> PostAsync(HttpClient client, string email, string password)
    {
        using var response = await StaticForms.PostAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var html = await response.Content.ReadAsStringAsync();
        var error = ErrorText().Match(html);
        return new Outcome(response.StatusCode, response.Headers.Location?.OriginalString,
            error.Success ? WebUtility.HtmlDecode(error.Groups[1].Value).Trim() : null);
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorText();
}
