namespace CommunityPortal.Features.Residents;

public enum ResidentStatusFilter
{
    All,
    Active,
    Inactive,
}

/// <summary>A page of a community's residents: words of <see cref="Q"/> are searched in name, unit, email and phone.</summary>
public sealed record ResidentListQuery(
    string? Q = null,
    ResidentStatusFilter Status = ResidentStatusFilter.All,
    int Page = 1,
    int PageSize = 25,
    string? Sort = null);

/// <summary>
/// A resident as the administrators' list shows it. <see cref="HasPassword"/> is false until the person has used
/// their set-password link; <see cref="TicketCount"/> counts their tickets in this community (deleted ones aside).
/// <see cref="CanCreateLink"/>: the caller may issue this account's set-password link (SetupLinkScope); when not, the page
/// offers no link and does not show whether the account has a password.
/// </summary>
public sealed record ResidentAdminDto(
    int Id, string UserId, string FullName, string Unit, string Email, string? Phone, bool IsActive, bool HasPassword, int TicketCount,
    bool CanCreateLink);

/// <summary>What the "add resident" form sends.</summary>
public sealed record NewResidentRequest(string? FullName, string? Unit, string? Email, string? Phone);

/// <summary>What the "edit resident" form sends; the email belongs to the account, not to one profile, and is not edited here.</summary>
public sealed record ResidentUpdateRequest(string? FullName, string? Unit, string? Phone);

/// <summary>
/// A resident just added. <see cref="NewAccount"/> is false when the email already had an account (an owner of units
/// in two communities): the profile joins that account. <see cref="SetupLink"/> (relative) is there when the account
/// has no password yet and the caller may link it; an existing account without one signs in with its own password (or
/// is invited by whoever may link it).
/// </summary>
public sealed record ResidentAdded(int ResidentId, string UserId, string FullName, string Unit, string Email, bool NewAccount, string? SetupLink);

/// <summary>A fresh one-time set-password link (relative) for a resident's account.</summary>
public sealed record ResidentSetupLink(int ResidentId, string FullName, string Unit, string Email, string Link);

/// <summary>How a valid import row will be added.</summary>
public enum ImportRowKind
{
    /// <summary>The row has errors and will be skipped.</summary>
    Invalid,
    /// <summary>
    /// A new RESIDENT account and a set-password link; also how an e-mail whose account the caller does not manage reads
    /// (the preview tells nothing about accounts outside the caller's scope).
    /// </summary>
    NewAccount,
    /// <summary>The email already has an account the caller manages (SetupLinkScope); a profile is added to it.</summary>
    ExistingAccount,
}

public sealed record ImportRowPreview(ResidentCsvRow Row, ImportRowKind Kind, IReadOnlyList<string> Errors)
{
    public bool IsValid => Kind != ImportRowKind.Invalid;
}

/// <summary>
/// The check of a whole import file before anything is written. <see cref="FileError"/> is set when the file itself
/// cannot be used (then <see cref="Rows"/> is empty).
/// </summary>
public sealed record ImportPreview(IReadOnlyList<ImportRowPreview> Rows, string? FileError = null)
{
    public int ValidCount => Rows.Count(r => r.IsValid);

    public int ErrorCount => Rows.Count - ValidCount;
}

/// <summary>What an import wrote: the residents created (with their links) and the rows skipped, each with its reasons.</summary>
public sealed record ImportResult(IReadOnlyList<ResidentAdded> Created, IReadOnlyList<ImportRowPreview> Skipped);

/// <summary>How far an import is: <see cref="Done"/> of <see cref="Total"/> accounts created and links issued.</summary>
public readonly record struct ImportProgress(int Done, int Total);
