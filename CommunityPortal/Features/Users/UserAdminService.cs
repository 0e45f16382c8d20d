using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Users;

/// <summary>
/// The users page of SYSTEM_ADMIN: lists administrator accounts and creates, reassigns, locks and unlocks
/// company administrators and hands out their set-password links. Every call checks the caller itself;
/// the account plumbing is <see cref="AccountService"/>'s.
/// </summary>
public sealed class UserAdminService(
    IDbContextFactory<AppDbContext> dbFactory,
    AccountService accounts,
    IStringLocalizer<SharedResource> l,
    TimeProvider time)
{
    public const int DisplayNameMaxLength = 200;

    public async Task<ServiceResult<PagedResult<AdminAccountDto>>> ListAsync(
        CurrentUser caller, AdminAccountQuery query, CancellationToken ct)
    {
        if (!caller.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        var errors = Paging.Validate(query.Page, query.PageSize) ?? [];
        SearchText.Validate(query.Q, l, errors);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var admins = db.Users.InRole(db, Roles.AdminCompany, Roles.SystemAdmin);
        // Every word must appear in the name, email or company, ignoring case and accents (portal_fold in SQL).
        foreach (var word in SearchText.Words(query.Q))
        {
            admins = admins.Where(u => SearchText.Fold(u.DisplayName + " " + u.Email + " " + (u.Company != null ? u.Company.Name : ""))!.Contains(word));
        }

        var total = await admins.CountAsync(ct);
        var systemAdmins = db.Users.InRole(db, Roles.SystemAdmin).Select(u => u.Id);
        var rows = await admins.AsNoTracking()
            .OrderBy(u => SearchText.Fold(u.DisplayName)).ThenBy(u => u.Email).ThenBy(u => u.Id)
            .TakePage(query.Page, query.PageSize)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                u.Email,
                u.CompanyId,
                CompanyName = u.Company != null ? u.Company.Name : null,
                IsSystemAdmin = systemAdmins.Contains(u.Id),
                HasPassword = u.PasswordHash != null,
                u.LockoutEnd,
            })
            .ToListAsync(ct);

        var now = time.GetUtcNow();
        var items = rows.Select(r => new AdminAccountDto(
                r.Id, r.DisplayName, r.Email ?? "", r.CompanyId, r.CompanyName, r.IsSystemAdmin,
                StateOf(r.LockoutEnd, r.HasPassword, now), r.Id == caller.UserId))
            .ToList();
        return new PagedResult<AdminAccountDto>(items, total, query.Page, query.PageSize);
    }

    public async Task<ServiceResult<IReadOnlyList<CompanyOptionDto>>> ListCompaniesAsync(CurrentUser caller, CancellationToken ct)
    {
        if (!caller.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Companies.AsNoTracking()
            .OrderBy(c => c.Name)
            .Select(c => new CompanyOptionDto(c.Id, c.Name))
            .ToListAsync(ct);
    }

    /// <summary>Creates a company administrator without a password and returns the link that lets them choose one.</summary>
    public async Task<ServiceResult<CreatedCompanyAdmin>> CreateAsync(CurrentUser caller, NewCompanyAdmin request, CancellationToken ct)
    {
        if (!caller.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        var errors = new Dictionary<string, string[]>();
        var name = request.DisplayName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors["displayName"] = [l["Users.Error.NameRequired"].Value];
        }
        else if (name.Length > DisplayNameMaxLength)
        {
            errors["displayName"] = [l["Users.Error.NameTooLong", DisplayNameMaxLength].Value];
        }

        if (string.IsNullOrWhiteSpace(request.Email))
        {
            errors["email"] = [l["Accounts.EmailInvalid"].Value];
        }

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await CompanyErrorAsync(db, request.CompanyId, ct) is { } companyError)
            {
                errors["companyId"] = [companyError];
            }
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        var email = request.Email!.Trim();
        var created = await accounts.CreateAsync(new NewAccount(email, name, Roles.AdminCompany, request.CompanyId), ct);
        if (!created.Succeeded)
        {
            return created.Failure;
        }

        var link = await accounts.CreateSetupLinkAsync(caller, created.Value!, companyAdmins: true, ct, invite: true);
        return link.Succeeded
            ? new CreatedCompanyAdmin(created.Value!, name, email, link.Value!)
            : link.Failure;
    }

    /// <summary>
    /// Moves a company administrator to another company. Their open sessions end, because the company is a
    /// claim of the sign-in: until they sign in again they would keep seeing the old company.
    /// </summary>
    public async Task<ServiceResult> ChangeCompanyAsync(CurrentUser caller, string userId, int? companyId, CancellationToken ct)
    {
        if (!caller.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindCompanyAdminAsync(db, userId, ct) is not { } target)
        {
            return ServiceResult.NotFound;
        }

        if (await CompanyErrorAsync(db, companyId, ct) is { } companyError)
        {
            return ServiceResult.Invalid("companyId", companyError);
        }

        if (target.CompanyId == companyId)
        {
            return ServiceResult.Ok;
        }

        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.CompanyId, companyId)
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);
        return await accounts.EndSessionsAsync(userId, ct);
    }

    /// <summary>A new relative set-password link; earlier links stop working and open sessions end.</summary>
    public async Task<ServiceResult<string>> CreateSetupLinkAsync(CurrentUser caller, string userId, CancellationToken ct)
    {
        var check = await CheckTargetAsync(caller, userId, ct);
        return check.Succeeded ? await accounts.CreateSetupLinkAsync(caller, userId, companyAdmins: true, ct) : check.Failure;
    }

    public async Task<ServiceResult> LockAsync(CurrentUser caller, string userId, CancellationToken ct)
    {
        if (caller.IsSystemAdmin && userId == caller.UserId)
        {
            return ServiceResult.Invalid("userId", l["Users.Error.LockSelf"].Value);
        }

        var check = await CheckTargetAsync(caller, userId, ct);
        return check.Succeeded ? await accounts.LockAsync(userId, ct) : check;
    }

    public async Task<ServiceResult> UnlockAsync(CurrentUser caller, string userId, CancellationToken ct)
    {
        var check = await CheckTargetAsync(caller, userId, ct);
        return check.Succeeded ? await accounts.UnlockAsync(userId, ct) : check;
    }

    private static AdminAccountState StateOf(DateTimeOffset? lockoutEnd, bool hasPassword, DateTimeOffset now) =>
        lockoutEnd is { } end && end.Year >= DateTimeOffset.MaxValue.Year ? AdminAccountState.Locked
        : lockoutEnd > now ? AdminAccountState.TemporarilyLocked
        : hasPassword ? AdminAccountState.Active
        : AdminAccountState.AwaitingPassword;

    private async Task<ServiceResult> CheckTargetAsync(CurrentUser caller, string userId, CancellationToken ct)
    {
        if (!caller.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindCompanyAdminAsync(db, userId, ct) is null ? ServiceResult.NotFound : ServiceResult.Ok;
    }

    private sealed record Target(string UserId, int? CompanyId);

    /// <summary>Only company administrators are managed here; system administrators are listed read-only.</summary>
    private static Task<Target?> FindCompanyAdminAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        var systemAdmins = db.Users.InRole(db, Roles.SystemAdmin).Select(u => u.Id);
        return db.Users.AsNoTracking().InRole(db, Roles.AdminCompany)
            .Where(u => u.Id == userId && !systemAdmins.Contains(u.Id))
            .Select(u => new Target(u.Id, u.CompanyId))
            .FirstOrDefaultAsync(ct);
    }

    private async Task<string?> CompanyErrorAsync(AppDbContext db, int? companyId, CancellationToken ct) =>
        companyId is not int id ? l["Users.Error.CompanyRequired"].Value
        : await db.Companies.AnyAsync(c => c.Id == id, ct) ? null
        : l["Users.Error.CompanyNotFound"].Value;
}
