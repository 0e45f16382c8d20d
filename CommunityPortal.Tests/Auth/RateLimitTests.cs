using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

public class RateLimitTests
{
    [Fact]
    public async Task Login_attempts_on_one_account_beyond_the_limit_get_429_with_retry_after()
    {
        await using var factory = new LowLimitFactory(perAddress: 1000, perAccount: 3);
        using var client = factory.CreateAnonymousClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/login", new { email = "luis@demo.local", password = PortalAppFactory.DemoPassword });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = "luis@demo.local", password = PortalAppFactory.DemoPassword });
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells the client how long to wait");

        // Another account from the same address is not affected by luis's limit.
        using var other = await client.PostAsJsonAsync("/api/auth/login", new { email = "ana@demo.local", password = PortalAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Login_attempts_from_one_address_beyond_the_limit_get_429_whatever_the_account()
    {
        await using var factory = new LowLimitFactory(perAddress: 2, perAccount: 1000);
        using var client = factory.CreateAnonymousClient();

        foreach (var email in new[] { "ana@demo.local", "luis@demo.local" })
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = "marta@demo.local", password = PortalAppFactory.DemoPassword });
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Forgot_password_requests_beyond_the_limit_get_429_with_retry_after()
    {
        await using var factory = new LowLimitFactory(perAddress: 2, perAccount: 1000);
        using var client = factory.CreateAnonymousClient();

        foreach (var email in new[] { "ana@demo.local", "nobody@demo.local" })
        {
            using var accepted = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/forgot-password", new { email = "luis@demo.local" });
        Assert.Equal((HttpStatusCode)429, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    private sealed class LowLimitFactory(int perAddress, int perAccount) : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("RateLimiting:Login:PerAddressPerMinute", perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("RateLimiting:Login:PerAccountPerMinute", perAccount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
    }
}
