using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary>
/// Authorization policies, named once and used by endpoints and components alike. Each accepts both
/// the browser's Identity cookie and the API's bearer token.
/// </summary>
public static class Policies
{
    public const string User = nameof(User);
    public const string Admin = nameof(Admin);
    public const string SystemAdmin = nameof(SystemAdmin);

    private static readonly string[] Schemes = [IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme];

    public static AuthorizationBuilder AddPortalPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(User, p => p.AddAuthenticationSchemes(Schemes).RequireAuthenticatedUser())
        .AddPolicy(Admin, p => p.AddAuthenticationSchemes(Schemes).RequireRole(Roles.AdminCompany, Roles.SystemAdmin))
        .AddPolicy(SystemAdmin, p => p.AddAuthenticationSchemes(Schemes).RequireRole(Roles.SystemAdmin));
}
