namespace CommunityPortal.Features.Users;

/// <summary>Whether an administrator account can sign in, as the users page shows it.</summary>
public enum AdminAccountState
{
    Active,

    /// <summary>Created, but the set-password link has not been used yet.</summary>
    AwaitingPassword,

    /// <summary>Locked for a few minutes after repeated failed sign-ins; it clears itself.</summary>
    TemporarilyLocked,

    /// <summary>Locked by an administrator until unlocked.</summary>
    Locked,
}

/// <summary>
/// One row of the users page. SYSTEM_ADMIN accounts are listed for completeness but are not managed here
/// (<see cref="CanManage"/> is false).
/// </summary>
public sealed record AdminAccountDto(
    string UserId,
    string DisplayName,
    string Email,
    int? CompanyId,
    string? CompanyName,
    bool IsSystemAdmin,
    AdminAccountState State,
    bool IsSelf)
{
    public bool CanManage => !IsSystemAdmin;

    public bool IsLocked => State is AdminAccountState.Locked or AdminAccountState.TemporarilyLocked;
}

/// <summary>Words to find in the name, email or company (all must match), and the page (from 1).</summary>
public sealed record AdminAccountQuery(string? Q = null, int Page = 1, int PageSize = 25);

public sealed record CompanyOptionDto(int Id, string Name);

/// <summary>A company administrator to create; the account gets no password until its link is used.</summary>
public sealed record NewCompanyAdmin(string? DisplayName, string? Email, int? CompanyId);

/// <summary>The new account as saved and its relative set-password link (<c>Account/SetupPassword?…</c>).</summary>
public sealed record CreatedCompanyAdmin(string UserId, string DisplayName, string Email, string SetupLink);
