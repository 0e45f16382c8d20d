using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Admin;

/// <summary>The demo users as the <see cref="CurrentUser"/> a service receives, read from the test database.</summary>
public static class AdminTestUsers
{
    public static async Task<CurrentUser> LoadAsync(PortalAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        var roles = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(user.Id, user.DisplayName, roles, user.CompanyId);
    }
}
