using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Operations;

/// <summary>Contract v1.1 security: the headers every response carries (pages, API, static files, errors).</summary>
public partial class SecurityHeadersTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    public static TheoryData<string> AnonymousUrls =>
    [
        "/Account/Login",       // a static page
        "/api/auth/me",         // the API, 401 problem
        "/api/tickets/123456",  // the API, 401 before the 404
        "/favicon.png",         // a static file
        "/no-such-page",        // the not-found page
        "/healthz",
    ];

    [Theory]
    [MemberData(nameof(AnonymousUrls))]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.GetAsync(url);

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task An_admin_page_cannot_be_framed()
    {
        using var client = factory.CreateAnonymousClient();
        await StaticForms.SignInAsync(client, "admin@demo.local");

        using var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = AssertSecurityHeaders(response);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task The_only_inline_script_of_a_page_is_the_import_map_allowed_by_its_hash()
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.GetAsync("/Account/Login");
        var html = await response.Content.ReadAsStringAsync();

        var inline = InlineScript().Matches(html);
        var importMap = Assert.Single(inline);
        Assert.Equal("importmap", importMap.Groups["type"].Value);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.Groups["body"].Value)));
        var scriptSrc = ScriptSrc(AssertSecurityHeaders(response));
        Assert.Equal($"script-src 'self' 'sha256-{hash}'", scriptSrc);
        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", scriptSrc, StringComparison.Ordinal);
    }

    private static string AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[]
                 {
                     "default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
                     "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'",
                 })
        {
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        }

        Assert.StartsWith("script-src 'self'", ScriptSrc(csp), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", ScriptSrc(csp), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Contains("camera=(self)", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=()", permissions, StringComparison.Ordinal);
        // Plain http (no proxy saying https): no HSTS, which would only be ignored or, worse, pin a wrong host.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        return csp;
    }

    private static string ScriptSrc(string csp) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));

    // <script> elements without a src attribute, i.e. inline ones, with their type and content.
    [GeneratedRegex("<script(?![^>]*\\ssrc=)(?:[^>]*\\stype=\"(?<type>[^\"]*)\")?[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
