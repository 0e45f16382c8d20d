using System.Net;
using System.Text.RegularExpressions;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>Static-rendered forms (the account pages) posted the way a browser posts them.</summary>
public static partial class StaticForms
{
    /// <summary>Antiforgery token from the page, then the fields and the form's handler name.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "The page has no antiforgery token.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        fields["_handler"] = formName;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs <paramref name="client"/> in through the login page; its cookie jar keeps the session cookie.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password = PortalAppFactory.DemoPassword)
    {
        using var response = await PostAsync(client, "/Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
