using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Tests.Auth;

/// <summary>
/// Passwords are hashed with PBKDF2-HMAC-SHA512 at 210,000 iterations (OWASP), and an older, cheaper hash is replaced at
/// the next successful sign-in. This class runs with the production iteration count (the other tests lower it).
/// </summary>
public class PasswordHashingTests(PasswordHashingTests.ProductionHashingFactory factory) : IClassFixture<PasswordHashingTests.ProductionHashingFactory>
{
    private const int Sha512 = 2; // KeyDerivationPrf.HMACSHA512 in Identity's V3 format

    [Fact]
    public async Task New_hashes_use_pbkdf2_hmac_sha512_with_at_least_210000_iterations()
    {
        Assert.True(factory.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.IterationCount >= 210_000);
        var email = await TestUsers.CreateResidentAsync(factory, "hash-format");

        var (prf, iterations) = Describe(await StoredHashAsync(email));

        Assert.Equal(Sha512, prf);
        Assert.Equal(PortalIdentityOptions.PasswordHashIterations, iterations);
        Assert.True(iterations >= 210_000);
    }

    [Fact]
    public async Task An_older_hash_is_upgraded_at_the_next_successful_sign_in()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "hash-upgrade");
        var old = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }))
            .HashPassword(new ApplicationUser(), PortalAppFactory.DemoPassword);
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, old));
        }

        using var client = factory.CreateAnonymousClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var stored = await StoredHashAsync(email);
        Assert.NotEqual(old, stored);
        Assert.Equal((Sha512, PortalIdentityOptions.PasswordHashIterations), Describe(stored));
        var current = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = PortalIdentityOptions.PasswordHashIterations }));
        Assert.Equal(PasswordVerificationResult.Success, current.VerifyHashedPassword(new ApplicationUser(), stored, PortalAppFactory.DemoPassword));
    }

    private async Task<string> StoredHashAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.PasswordHash!).SingleAsync();
    }

    /// <summary>Identity's V3 layout: 0x01, PRF (uint32 big-endian), iteration count (uint32), salt length, salt, subkey.</summary>
    private static (int Prf, int Iterations) Describe(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }

    public sealed class ProductionHashingFactory : PortalAppFactory
    {
        protected override int? PasswordHashIterations => null;
    }
}
