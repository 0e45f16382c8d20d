using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommunityPortal.Tests.Operations;

/// <summary>
/// Contract v1.1 security, behind a reverse proxy: X-Forwarded-For/-Proto/-Host are believed only from
/// ReverseProxy:KnownProxies (default 127.0.0.1 and ::1), and Portal:PublicUrl, never the Host header, is the base
/// of every absolute link. Every request here comes from 127.0.0.1, as from an nginx on the same machine.
/// </summary>
public partial class ReverseProxyTests
{
    private const string PublicUrl = "https://portal.example.org/";

    [Fact]
    public async Task Https_forwarded_by_a_known_proxy_gets_hsts_and_secure_cookies()
    {
        await using var factory = new ProxiedFactory(knownProxies: null);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var (loginPage, signedIn) = await SignInAsync(client, "ana@demo.local", Forwarded("203.0.113.7"));

        Assert.Contains("max-age=", Assert.Single(loginPage.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        var antiforgery = Assert.Single(SetCookies(loginPage), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var session = Assert.Single(SetCookies(signedIn), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        await using var factory = new ProxiedFactory(knownProxies: ["10.9.9.9", "10.9.9.10"]);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var (loginPage, signedIn) = await SignInAsync(client, "ana@demo.local", Forwarded("203.0.113.7"));

        Assert.False(loginPage.Headers.Contains("Strict-Transport-Security"));
        var antiforgery = Assert.Single(SetCookies(loginPage), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var session = Assert.Single(SetCookies(signedIn), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_sign_in_rate_limiter_counts_each_forwarded_client_address_on_its_own()
    {
        await using var factory = new ProxiedFactory(knownProxies: null, perAddress: 2);
        using var client = factory.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(client, "ana@demo.local", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(client, "luis@demo.local", "203.0.113.1"));
        Assert.Equal((HttpStatusCode)429, await LoginStatusAsync(client, "marta@demo.local", "203.0.113.1"));

        // Another client behind the same proxy has its own bucket.
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(client, "marta@demo.local", "203.0.113.2"));
    }

    [Fact]
    public async Task Without_a_known_proxy_a_claimed_client_address_does_not_get_a_fresh_bucket()
    {
        await using var factory = new ProxiedFactory(knownProxies: ["10.9.9.9", "10.9.9.10"], perAddress: 2);
        using var client = factory.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(client, "ana@demo.local", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync(client, "luis@demo.local", "203.0.113.2"));
        Assert.Equal((HttpStatusCode)429, await LoginStatusAsync(client, "marta@demo.local", "203.0.113.3"));
    }

    [Fact]
    public async Task A_hostile_host_header_never_reaches_the_paging_links_or_the_reset_email()
    {
        await using var factory = new ProxiedFactory(knownProxies: null);
        var token = await BearerAsync(factory, "admin@demo.local");
        using var client = factory.CreateAnonymousClient();

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/tickets?pageSize=1&page=2");
        list.Headers.Host = "evil.example";
        list.Headers.Add("X-Forwarded-Host", "evil.example");
        list.Headers.Add("X-Forwarded-Proto", "http");
        list.Headers.Authorization = new("Bearer", token);
        using var response = await client.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = Assert.Single(response.Headers.GetValues("Link"));
        Assert.DoesNotContain("evil.example", links, StringComparison.OrdinalIgnoreCase);
        foreach (var rel in new[] { "first", "prev", "next", "last" })
        {
            Assert.Matches($"<{Regex.Escape(PublicUrl)}api/tickets\\?[^>]*>; rel=\"{rel}\"", links);
        }

        // The reset link mailed by the forgot-password page.
        using var forgotClient = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        forgotClient.DefaultRequestHeaders.Host = "evil.example";
        forgotClient.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        using var forgot = await StaticForms.PostAsync(forgotClient, "/Account/ForgotPassword", "forgot-password",
            new() { ["Input.Email"] = "luis@demo.local" });
        Assert.Equal(HttpStatusCode.Redirect, forgot.StatusCode);
        var mailed = Assert.Single(factory.Mail.ResetLinks, l => l.Email == "luis@demo.local");
        Assert.StartsWith(PublicUrl + "Account/ResetPassword?code=", WebUtility.HtmlDecode(mailed.Link), StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", mailed.Link, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_public_url_links_use_the_servers_own_address_not_the_host_header()
    {
        await using var factory = new ProxiedFactory(knownProxies: null, publicUrl: null);
        var token = await BearerAsync(factory, "admin@demo.local");
        using var client = factory.CreateAnonymousClient();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/tickets?pageSize=1");
        list.Headers.Host = "evil.example";
        list.Headers.Authorization = new("Bearer", token);

        using var response = await client.SendAsync(list);

        var links = Assert.Single(response.Headers.GetValues("Link"));
        Assert.DoesNotContain("evil.example", links, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<http://localhost/api/tickets?", links, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Forwarded(string clientAddress) => new()
    {
        ["X-Forwarded-For"] = clientAddress,
        ["X-Forwarded-Proto"] = "https",
        ["X-Forwarded-Host"] = "portal.example.org",
    };

    private static async Task<HttpStatusCode> LoginStatusAsync(HttpClient client, string email, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email, password = PortalAppFactory.DemoPassword }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> BearerAsync(PortalAppFactory factory, string email)
    {
        using var client = factory.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    // The login page posted like a browser behind the proxy. Cookies are carried by hand: the test client's cookie jar
    // would not send a Secure cookie over its http://localhost.
    private static async Task<(HttpResponseMessage LoginPage, HttpResponseMessage SignedIn)> SignInAsync(
        HttpClient client, string email, Dictionary<string, string> headers)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        foreach (var (name, value) in headers)
        {
            get.Headers.Add(name, value);
        }

        var page = await client.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, "The login page has no antiforgery token.");

        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = PortalAppFactory.DemoPassword,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["_handler"] = "login",
            }),
        };
        foreach (var (name, value) in headers)
        {
            post.Headers.Add(name, value);
        }

        post.Headers.Add("Cookie", string.Join("; ", SetCookies(page).Select(c => c.Split(';')[0])));
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (page, signedIn);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>The app as behind nginx on the same machine: every request arrives from 127.0.0.1.</summary>
    private sealed class ProxiedFactory(string[]? knownProxies, int perAddress = 100000, string? publicUrl = PublicUrl) : PortalAppFactory
    {
        public CapturingEmailSender Mail { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string?>> Settings
        {
            get
            {
                yield return new("RateLimiting:Login:PerAddressPerMinute", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (publicUrl is not null)
                {
                    yield return new("Portal:PublicUrl", publicUrl);
                }

                for (var i = 0; i < (knownProxies?.Length ?? 0); i++)
                {
                    yield return new($"ReverseProxy:KnownProxies:{i}", knownProxies![i]);
                }
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, LoopbackConnection>();
                services.RemoveAll<IEmailSender<ApplicationUser>>();
                services.AddSingleton<IEmailSender<ApplicationUser>>(Mail);
            });
        }
    }

    // TestServer leaves the remote address empty; a real proxy on the same machine connects from 127.0.0.1.
    private sealed class LoopbackConnection : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CapturingEmailSender : IEmailSender<ApplicationUser>
    {
        public ConcurrentBag<(string Email, string Link)> ResetLinks { get; } = [];

        public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) => Task.CompletedTask;

        public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink)
        {
            ResetLinks.Add((email, resetLink));
            return Task.CompletedTask;
        }

        public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) => Task.CompletedTask;
    }
}
