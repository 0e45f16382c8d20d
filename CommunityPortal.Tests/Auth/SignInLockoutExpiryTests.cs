using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Auth;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

/// <summary>An address locked out of an account after five failures gets in again once the five minutes are over.</summary>
public class SignInLockoutExpiryTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    [Fact]
    public async Task Five_failures_lock_this_address_out_of_the_account_for_five_minutes()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "lockout-ends");
        using var client = ClientAddresses.From(factory, "203.0.113.90");
        for (var i = 0; i < PortalIdentityOptions.MaxFailedAttempts; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email, password = $"guess-number-{i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        factory.Clock.Advance(PortalIdentityOptions.LockoutDuration - TimeSpan.FromSeconds(5));
        using (var locked = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        }

        factory.Clock.Advance(TimeSpan.FromSeconds(6));
        using var open = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }
}
