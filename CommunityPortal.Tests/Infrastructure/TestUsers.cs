using CommunityPortal.Auth;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Infrastructure;

public static class TestUsers
{
    /// <summary>A throw-away RESIDENT account (no profile) with the demo password, for tests that lock or change it.</summary>
    public static async Task<string> CreateResidentAsync(PortalAppFactory factory, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@test.local";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        Assert.True((await users.CreateAsync(user, PortalAppFactory.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Resident)).Succeeded);
        return email;
    }
}
