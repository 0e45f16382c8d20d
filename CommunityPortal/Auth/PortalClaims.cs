using System.Globalization;
using System.Security.Claims;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>Claim types the portal adds to the Identity principal.</summary>
public static class PortalClaims
{
    public const string CompanyId = "company_id";
    public const string DisplayName = "display_name";

    public static int? GetCompanyId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(CompanyId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string GetDisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(DisplayName) is { Length: > 0 } name ? name : user.Identity?.Name ?? "";
}

/// <summary>Puts the company and display name into the cookie/token so services need no lookup per request.</summary>
internal sealed class PortalClaimsPrincipalFactory(
    UserManager<ApplicationUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.CompanyId is int companyId)
        {
            identity.AddClaim(new Claim(PortalClaims.CompanyId, companyId.ToString(CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
