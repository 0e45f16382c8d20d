using Microsoft.AspNetCore.Authorization;

namespace CommunityPortal.Auth;

/// <summary>Authorization policies, named once and used by endpoints and components alike.</summary>
public static class Policies
{
    public const string Admin = nameof(Admin);
    public const string SystemAdmin = nameof(SystemAdmin);

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Admin, p => p.RequireRole(Roles.AdminCompany, Roles.SystemAdmin))
        .AddPolicy(SystemAdmin, p => p.RequireRole(Roles.SystemAdmin));
}
