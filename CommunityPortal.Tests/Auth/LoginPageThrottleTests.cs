using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

/// <summary>The browser's login form goes through the same per-address and per-account limits as the API.</summary>
public class LoginPageThrottleTests(LoginPageThrottleTests.TwoPerAddressFactory factory) : IClassFixture<LoginPageThrottleTests.TwoPerAddressFactory>
{
    [Fact]
    public async Task Sign_ins_beyond_the_limit_are_told_how_many_seconds_to_wait_even_with_the_right_password()
    {
        using var client = ClientAddresses.From(factory, "203.0.113.80");
        Assert.Equal("Correo o contraseña incorrectos.", (await LoginPage.PostAsync(client, "ana@demo.local", "not-the-password-at-all")).Error);
        Assert.Equal("Correo o contraseña incorrectos.", (await LoginPage.PostAsync(client, "nobody@demo.local", "not-the-password-at-all")).Error);

        var throttled = await LoginPage.PostAsync(client, "ana@demo.local", PortalAppFactory.DemoPassword);

        Assert.False(throttled.SignedIn);
        Assert.Matches("^Demasiados intentos\\. Espera [1-9][0-9]* segundos", throttled.Error);
        // Another address is not slowed by this one.
        using var other = ClientAddresses.From(factory, "198.51.100.80");
        Assert.True((await LoginPage.PostAsync(other, "ana@demo.local", PortalAppFactory.DemoPassword)).SignedIn);
    }

    public sealed class TwoPerAddressFactory : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("RateLimiting:Login:PerAddressPerMinute", "2")];
    }
}
