using CommunityPortal.Auth;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>The <see cref="CurrentUser"/> a demo user would be, for calling services directly.</summary>
public static class ServiceUsers
{
    public static async Task<CurrentUser> GetAsync(PortalAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var roles = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(user.Id, user.DisplayName, roles, user.CompanyId);
    }
}
