using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Residents;

/// <summary>
/// The residents of a community as its administrators manage them: list, add (creating the RESIDENT account), edit,
/// deactivate and reactivate, issue set-password links, import a CSV file. Every operation first checks that the
/// community or resident is in the caller's scope (<see cref="AccessScope.ManagedBy(IQueryable{Resident}, CurrentUser)"/>);
/// anything outside it is NotFound. One rule set validates a typed resident and every row of an import.
/// </summary>
public sealed class ResidentAdminService(
    IDbContextFactory<AppDbContext> dbFactory,
    AccountService accounts,
    ResidentIntake intake,
    IStringLocalizer<SharedResource> l)
{
    public const int NameMaxLength = 200;
    public const int UnitMaxLength = 50;
    public const int PhoneMaxLength = 30;
    public const int EmailMaxLength = 256;

    public async Task<ServiceResult<PagedResult<ResidentAdminDto>>> ListAsync(
        CurrentUser user, int communityId, ResidentListQuery query, CancellationToken ct)
    {
        var errors = Paging.Validate(query.Page, query.PageSize) ?? [];
        SearchText.Validate(query.Q, l, errors);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        var residents = db.Residents.AsNoTracking().Where(r => r.CommunityId == communityId);
        residents = query.Status switch
        {
            ResidentStatusFilter.Active => residents.Where(r => r.IsActive),
            ResidentStatusFilter.Inactive => residents.Where(r => !r.IsActive),
            _ => residents,
        };

        // Every word must appear in the name, unit, email or phone, ignoring case and accents ("perez" finds "Pérez").
        foreach (var word in SearchText.Words(query.Q))
        {
            residents = residents.Where(r => SearchText.Fold(r.FullName + " " + r.Unit + " " + r.User.Email + " " + (r.Phone ?? ""))!.Contains(word));
        }

        var total = await residents.CountAsync(ct);
        var items = await Project(Sort(residents, query.Sort).TakePage(query.Page, query.PageSize), db, user).ToListAsync(ct);
        return new PagedResult<ResidentAdminDto>(items, total, query.Page, query.PageSize);
    }

    /// <summary>
    /// Adds a resident to the community. A new email gets a RESIDENT account and a set-password link; an email that
    /// already has an account (an owner of units in two communities) gets this profile added to that account, and a link
    /// only when it has no password yet and is the caller's to link (<see cref="SetupLinkScope"/>). Otherwise the account
    /// is left as it is: no link, no new security stamp, and nothing in the answer tells whose it is.
    /// </summary>
    public async Task<ServiceResult<ResidentAdded>> AddAsync(CurrentUser user, int communityId, NewResidentRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        var candidate = (await intake.CheckAsync(db, user, communityId, [new ResidentCsvRow(0, request.FullName, request.Unit, request.Email, request.Phone)], ct))[0];
        if (candidate.Errors.Count > 0)
        {
            return candidate.ToResult();
        }

        var created = await intake.CreateAsync(db, user, communityId, [candidate], ct);
        return created.Added.Count == 1
            ? created.Added[0]
            : created.Failed[0].ToResult();
    }

    public async Task<ServiceResult<ResidentAdminDto>> UpdateAsync(CurrentUser user, int residentId, ResidentUpdateRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var resident = await db.Residents.ManagedBy(user).FirstOrDefaultAsync(r => r.Id == residentId, ct);
        if (resident is null)
        {
            return ServiceResult.NotFound;
        }

        var candidate = new ResidentIntake.Candidate(new ResidentCsvRow(0, request.FullName, request.Unit, null, request.Phone));
        intake.CheckFields(candidate, requireEmail: false);
        if (candidate.Unit is not null && resident.IsActive)
        {
            await intake.CheckUnitFreeAsync(db, resident.CommunityId, candidate, exceptResidentId: resident.Id, ct);
        }

        if (candidate.Errors.Count > 0)
        {
            return candidate.ToResult();
        }

        resident.FullName = candidate.FullName!;
        resident.Unit = candidate.Unit!;
        resident.Phone = candidate.Phone;
        await db.SaveChangesAsync(ct);
        return await GetAsync(db, user, resident.Id, ct);
    }

    /// <summary>
    /// Deactivating keeps the resident and their tickets but stops them signing in once no active profile is left
    /// (their open sessions end at the next check). Reactivating needs the unit to be free.
    /// </summary>
    public async Task<ServiceResult<ResidentAdminDto>> SetActiveAsync(CurrentUser user, int residentId, bool active, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var resident = await db.Residents.ManagedBy(user).FirstOrDefaultAsync(r => r.Id == residentId, ct);
        if (resident is null)
        {
            return ServiceResult.NotFound;
        }

        if (resident.IsActive != active)
        {
            if (active)
            {
                // Only the unit can stand in the way; the stored fields are not re-validated.
                var candidate = new ResidentIntake.Candidate(new ResidentCsvRow(0, resident.FullName, resident.Unit, null, resident.Phone)) { Unit = resident.Unit };
                await intake.CheckUnitFreeAsync(db, resident.CommunityId, candidate, exceptResidentId: resident.Id, ct);
                if (candidate.Errors.Count > 0)
                {
                    return candidate.ToResult();
                }
            }

            resident.IsActive = active;
            await db.SaveChangesAsync(ct);
            if (!active && !await AccountRules.MaySignInAsync(db, resident.UserId, ct))
            {
                await accounts.EndSessionsAsync(resident.UserId, ct);
            }
        }

        return await GetAsync(db, user, resident.Id, ct);
    }

    /// <summary>
    /// A new one-time set-password link for the resident's account (the earlier one stops working), for a person who
    /// lost theirs or forgot their password; only for an account that is the caller's to link (<see cref="SetupLinkScope"/>:
    /// never an administrator's, nor one that also lives in a community outside the caller's scope).
    /// </summary>
    public async Task<ServiceResult<ResidentSetupLink>> CreateSetupLinkAsync(CurrentUser user, int residentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var linkable = db.Users.LinkableBy(db, user).Select(u => u.Id);
        var resident = await db.Residents.AsNoTracking().ManagedBy(user)
            .Where(r => r.Id == residentId)
            .Select(r => new
            {
                r.UserId, r.FullName, r.Unit, r.IsActive, Email = r.User.Email ?? "",
                Linkable = linkable.Contains(r.UserId),
            })
            .FirstOrDefaultAsync(ct);
        if (resident is null)
        {
            return ServiceResult.NotFound;
        }

        if (!resident.IsActive)
        {
            return ServiceResult.Invalid("resident", l["Residents.Error.LinkInactive"]);
        }

        var link = resident.Linkable ? await accounts.CreateSetupLinkAsync(user, resident.UserId, companyAdmins: false, ct) : null;
        if (link is not { Succeeded: true })
        {
            // The same words whoever the account belongs to (another company, an administrator, a race with either).
            return new Failure(ServiceError.Forbidden,
                new Dictionary<string, string[]> { ["resident"] = [l["Accounts.NotYoursToLink"]] });
        }

        return new ResidentSetupLink(residentId, resident.FullName, resident.Unit, resident.Email, link.Value!);
    }

    /// <summary>How many active residents of the community have never set their password (their links may be lost or expired).</summary>
    public async Task<ServiceResult<int>> CountPendingAsync(CurrentUser user, int communityId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        return await Pending(db, user, communityId).CountAsync(ct);
    }

    /// <summary>
    /// Fresh set-password links for every active resident of the community who has never set a password (the earlier
    /// links stop working), by unit: the way to hand out links again after an import's file got lost or the links expired.
    /// The same exclusions as <see cref="CreateSetupLinkAsync"/> apply.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<ResidentSetupLink>>> CreatePendingLinksAsync(CurrentUser user, int communityId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        var pending = await Pending(db, user, communityId)
            .OrderBy(r => r.Unit.Length).ThenBy(r => r.Unit).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.UserId, r.FullName, r.Unit, Email = r.User.Email ?? "" })
            .ToListAsync(ct);
        var links = new List<ResidentSetupLink>(pending.Count);
        var issued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resident in pending)
        {
            // One account may hold two pending units here; it gets one link.
            if (!issued.Add(resident.UserId))
            {
                continue;
            }

            if ((await accounts.CreateSetupLinkAsync(user, resident.UserId, companyAdmins: false, ct)).Value is { } link)
            {
                links.Add(new ResidentSetupLink(resident.Id, resident.FullName, resident.Unit, resident.Email, link));
            }
        }

        return links;
    }

    private static IQueryable<Resident> Pending(AppDbContext db, CurrentUser user, int communityId)
    {
        var linkable = db.Users.LinkableBy(db, user).Select(u => u.Id);
        return db.Residents.AsNoTracking()
            .Where(r => r.CommunityId == communityId && r.IsActive && r.User.PasswordHash == null && linkable.Contains(r.UserId));
    }

    /// <summary>Checks every row of an import file against the rules and the community's current residents; writes nothing.</summary>
    public async Task<ServiceResult<ImportPreview>> PreviewImportAsync(CurrentUser user, int communityId, ResidentCsvFile file, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        if (file.Error is not null)
        {
            return new ImportPreview([], file.Error);
        }

        var checkedRows = await intake.CheckAsync(db, user, communityId, file.Rows, ct);
        return new ImportPreview(checkedRows.Select(c => c.ToPreview()).ToList());
    }

    /// <summary>
    /// Adds the rows that are valid now (they are checked again: the list may have changed since the preview) and
    /// reports the others. Accounts are created one by one through Identity; the profiles are saved in one batch.
    /// </summary>
    public async Task<ServiceResult<ImportResult>> ImportAsync(
        CurrentUser user, int communityId, IReadOnlyList<ResidentCsvRow> rows, CancellationToken ct, IProgress<ImportProgress>? progress = null)
    {
        if (rows.Count > ResidentCsv.MaxRows)
        {
            return ServiceResult.Invalid("file", l["Import.Error.TooManyRows", rows.Count, ResidentCsv.MaxRows]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagesAsync(user, communityId, ct))
        {
            return ServiceResult.NotFound;
        }

        var checkedRows = await intake.CheckAsync(db, user, communityId, rows, ct);
        var created = await intake.CreateAsync(db, user, communityId, checkedRows.Where(c => c.Errors.Count == 0).ToList(), ct, progress);
        var skipped = checkedRows.Where(c => c.Errors.Count > 0).Concat(created.Failed)
            .OrderBy(c => c.Row.Line).Select(c => c.ToPreview()).ToList();
        return new ImportResult(created.Added, skipped);
    }

    private static IQueryable<ResidentAdminDto> Project(IQueryable<Resident> residents, AppDbContext db, CurrentUser user)
    {
        var linkable = db.Users.LinkableBy(db, user).Select(u => u.Id);
        return residents.Select(r => new ResidentAdminDto(
            r.Id, r.UserId, r.FullName, r.Unit, r.User.Email ?? "", r.Phone, r.IsActive, r.User.PasswordHash != null,
            db.Tickets.Count(t => t.ResidentId == r.Id && !t.IsDeleted), linkable.Contains(r.UserId)));
    }

    private static async Task<ServiceResult<ResidentAdminDto>> GetAsync(AppDbContext db, CurrentUser user, int residentId, CancellationToken ct) =>
        await Project(db.Residents.AsNoTracking().Where(r => r.Id == residentId), db, user).FirstAsync(ct);

    /// <summary>Units sort as people count them when they share a prefix: "Casa 7" before "Casa 12".</summary>
    private static IQueryable<Resident> Sort(IQueryable<Resident> residents, string? sort) => sort switch
    {
        "-unit" => residents.OrderByDescending(r => r.Unit.Length).ThenByDescending(r => r.Unit).ThenByDescending(r => r.Id),
        "name" => residents.OrderBy(r => r.FullName).ThenBy(r => r.Id),
        "-name" => residents.OrderByDescending(r => r.FullName).ThenByDescending(r => r.Id),
        "email" => residents.OrderBy(r => r.User.Email).ThenBy(r => r.Id),
        "-email" => residents.OrderByDescending(r => r.User.Email).ThenByDescending(r => r.Id),
        _ => residents.OrderBy(r => r.Unit.Length).ThenBy(r => r.Unit).ThenBy(r => r.Id),
    };
}
