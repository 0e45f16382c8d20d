using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Auth;

/// <summary>
/// Failed sign-ins lock an account out only for the address they came from, so an attacker who knows an e-mail cannot
/// keep its owner out. The rate limits are the shipped defaults here (appsettings.json), not the tests' high ones.
/// </summary>
public class SignInLockoutTests(SignInLockoutTests.DefaultLimitsFactory factory) : IClassFixture<SignInLockoutTests.DefaultLimitsFactory>
{
    private const string Attacker = "203.0.113.66";

    [Fact]
    public async Task Fifty_api_failures_for_admin_from_one_address_do_not_stop_the_owner_signing_in_from_another()
    {
        using var attacker = ClientAddresses.From(factory, Attacker);
        for (var i = 0; i < 50; i++)
        {
            using var wrong = await attacker.PostAsJsonAsync("/api/auth/login", new { email = "admin@demo.local", password = $"guess-number-{i}" });
            Assert.Contains(wrong.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
        }

        // The attacker's address is locked out of that account, even with the right password...
        using var stillLocked = await attacker.PostAsJsonAsync("/api/auth/login", new { email = "admin@demo.local", password = PortalAppFactory.DemoPassword });
        Assert.NotEqual(HttpStatusCode.OK, stillLocked.StatusCode);

        // ...the owner is not, and the account itself carries no lockout.
        using var owner = ClientAddresses.From(factory, "198.51.100.7");
        using var signIn = await owner.PostAsJsonAsync("/api/auth/login", new { email = "admin@demo.local", password = PortalAppFactory.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("admin@demo.local"))!));
    }

    [Fact]
    public async Task Fifty_login_page_failures_for_admin_from_one_address_do_not_stop_the_owner_signing_in_from_another()
    {
        using var attacker = ClientAddresses.From(factory, "203.0.113.67");
        for (var i = 0; i < 50; i++)
        {
            var wrong = await LoginPage.PostAsync(attacker, "gestor@demo.local", $"guess-number-{i}");
            Assert.False(wrong.SignedIn);
        }

        Assert.False((await LoginPage.PostAsync(attacker, "gestor@demo.local", PortalAppFactory.DemoPassword)).SignedIn);

        using var owner = ClientAddresses.From(factory, "198.51.100.8");
        Assert.True((await LoginPage.PostAsync(owner, "gestor@demo.local", PortalAppFactory.DemoPassword)).SignedIn);
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answers_as_a_known_one_wrong_password_then_lockout()
    {
        using var client = ClientAddresses.From(factory, "203.0.113.68");
        var known = await TestUsers.CreateResidentAsync(factory, "same-answers");
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";

        for (var i = 0; i < 4; i++)
        {
            var forKnown = await LoginPage.PostAsync(client, known, $"guess-number-{i}");
            var forUnknown = await LoginPage.PostAsync(client, unknown, $"guess-number-{i}");
            Assert.Equal((HttpStatusCode.OK, "Correo o contraseña incorrectos."), (forKnown.Status, forKnown.Error));
            Assert.Equal((forKnown.Status, forKnown.Location, forKnown.Error), (forUnknown.Status, forUnknown.Location, forUnknown.Error));
        }

        // The fifth failure locks this address out of either e-mail in the same way.
        var fifthKnown = await LoginPage.PostAsync(client, known, "guess-number-5");
        var fifthUnknown = await LoginPage.PostAsync(client, unknown, "guess-number-5");
        Assert.True(fifthKnown.LockedOut);
        Assert.Equal((fifthKnown.Status, fifthKnown.Location, fifthKnown.Error), (fifthUnknown.Status, fifthUnknown.Location, fifthUnknown.Error));
    }

    [Fact]
    public async Task A_deactivated_or_locked_account_is_only_described_as_such_to_someone_who_knows_its_password()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "locked-quiet");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        }

        using var client = ClientAddresses.From(factory, "203.0.113.69");
        Assert.Equal("Correo o contraseña incorrectos.", (await LoginPage.PostAsync(client, email, "not-the-password-at-all")).Error);
        Assert.StartsWith("Esta cuenta no está activa", (await LoginPage.PostAsync(client, email, PortalAppFactory.DemoPassword)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_email_costs_one_password_hash_check_like_a_known_one()
    {
        var hasher = factory.Services.GetRequiredService<CountingPasswordHasher>();
        using var client = ClientAddresses.From(factory, "203.0.113.70");

        var before = hasher.Verifications;
        using var known = await client.PostAsJsonAsync("/api/auth/login", new { email = "luis@demo.local", password = "not-the-password-at-all" });
        var forKnown = hasher.Verifications - before;
        using var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@demo.local", password = "not-the-password-at-all" });
        var forUnknown = hasher.Verifications - before - forKnown;

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (known.StatusCode, unknown.StatusCode));
        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }

    /// <summary>The shipped login limits, and a password hasher that counts its verifications.</summary>
    public sealed class DefaultLimitsFactory : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("RateLimiting:Login:PerAddressPerMinute", "20"),
            new("RateLimiting:Login:PerAccountPerMinute", "10"),
        ];

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, services =>
            {
                services.AddSingleton<CountingPasswordHasher>();
                services.AddScoped<IPasswordHasher<ApplicationUser>>(sp => sp.GetRequiredService<CountingPasswordHasher>());
            });
        }
    }

    public sealed class CountingPasswordHasher(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options) : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> inner = new(options);
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
