using System.Security.Claims;

namespace CommunityPortal.Auth;

/// <summary>
/// Who is calling, read once from the authenticated principal (cookie or bearer token).
/// Services take this instead of trusting ids from the request body.
/// </summary>
public sealed record CurrentUser(string UserId, string DisplayName, IReadOnlySet<string> Roles, int? CompanyId)
{
    public bool IsSystemAdmin => Roles.Contains(Auth.Roles.SystemAdmin);

    /// <summary>ADMIN_COMPANY with a company: sees that company's communities.</summary>
    public bool IsCompanyAdmin => Roles.Contains(Auth.Roles.AdminCompany) && CompanyId is not null;

    public bool IsAdmin => IsSystemAdmin || IsCompanyAdmin;

    public bool IsResident => Roles.Contains(Auth.Roles.Resident);

    /// <summary>The role shown next to the user's name (the most powerful one they hold).</summary>
    public string PrimaryRole => IsSystemAdmin ? Auth.Roles.SystemAdmin : IsCompanyAdmin ? Auth.Roles.AdminCompany : Auth.Roles.Resident;

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The principal is not authenticated.");
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new CurrentUser(userId, principal.GetDisplayName(), roles, principal.GetCompanyId());
    }
}
