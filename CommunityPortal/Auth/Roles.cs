namespace CommunityPortal.Auth;

/// <summary>The three role names of domain.md, exactly as stored.</summary>
public static class Roles
{
    public const string Resident = "RESIDENT";
    public const string AdminCompany = "ADMIN_COMPANY";
    public const string SystemAdmin = "SYSTEM_ADMIN";

    /// <summary>For [Authorize(Roles = ...)]: either kind of administrator.</summary>
    public const string AnyAdmin = AdminCompany + "," + SystemAdmin;

    public static readonly IReadOnlyList<string> All = [Resident, AdminCompany, SystemAdmin];
}
