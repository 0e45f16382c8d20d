using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary>
/// Authorization policies of the REST API. Each accepts both the browser's Identity cookie and the
/// bearer token. Blazor pages authorize by <see cref="Roles"/> on the cookie scheme alone, so a
/// forbidden page still redirects to the access-denied page instead of answering a bare 403.
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
