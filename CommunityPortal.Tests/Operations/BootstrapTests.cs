using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Operations;

public class BootstrapTests
{
    [Fact]
    public async Task Without_demo_data_the_configured_bootstrap_admin_is_the_only_user()
    {
        await using var factory = new ProductionLikeFactory(("Bootstrap:AdminEmail", "root@portal.example"), ("Bootstrap:AdminPassword", "una-clave-larga-2026"));
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var all = await users.Users.Select(u => u.Email).ToListAsync();
        Assert.Equal(["root@portal.example"], all);
        var admin = await users.FindByEmailAsync("root@portal.example");
        Assert.True(await users.IsInRoleAsync(admin!, Roles.SystemAdmin));
        Assert.True(await users.CheckPasswordAsync(admin!, "una-clave-larga-2026"));
        await using var db = factory.CreateDbContext();
        Assert.Equal(6, await db.Statuses.CountAsync());
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task Without_demo_data_or_bootstrap_settings_no_user_exists()
    {
        await using var factory = new ProductionLikeFactory();
        _ = factory.Server;
        await using var db = factory.CreateDbContext();

        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(3, await db.Roles.CountAsync());
    }

    [Fact]
    public async Task The_bootstrap_admin_is_not_created_when_a_system_admin_exists()
    {
        await using var factory = new ProductionLikeFactory(("Bootstrap:AdminEmail", "first@portal.example"), ("Bootstrap:AdminPassword", "una-clave-larga-2026"));
        _ = factory.Server;
        var laterSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "second@portal.example",
            ["Bootstrap:AdminPassword"] = "otra-clave-larga-2026",
        }).Build();

        await using var scope = factory.Services.CreateAsyncScope();
        // A later start with other bootstrap settings, on the same database.
        await ActivatorUtilities.CreateInstance<SeedData>(scope.ServiceProvider, (IConfiguration)laterSettings).SeedAsync();

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.NotNull(await users.FindByEmailAsync("first@portal.example"));
        Assert.Null(await users.FindByEmailAsync("second@portal.example"));
    }

    private sealed class ProductionLikeFactory(params (string Key, string? Value)[] settings) : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            new[] { new KeyValuePair<string, string?>("Seed:Demo", "false") }
                .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
    }
}
