using System.ComponentModel.DataAnnotations;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Features.Residents;

/// <summary>
/// The residents of a community as its administrators manage them: list, add (creating the RESIDENT account), edit,
/// deactivate and reactivate, issue set-password links, import a CSV file. Every operation first checks that the
/// community or resident is in the caller's scope (<see cref="TicketAccess.ManagedBy(IQueryable{Resident}, CurrentUser)"/>);
/// anything outside it is NotFound. One rule set validates a typed resident and every row of an import.
/// </summary>
public sealed class ResidentAdminService(
    IDbContextFactory<AppDbContext> dbFactory,
    AccountService accounts,
    ILookupNormalizer normalizer,
    IOptions<IdentityOptions> identityOptions,
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
            return new ServiceResult<PagedResult<ResidentAdminDto>>(ServiceError.Invalid, null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<PagedResult<ResidentAdminDto>>.From(ServiceResult.NotFound);
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
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<ResidentAdded>.From(ServiceResult.NotFound);
        }

        var candidate = (await CheckAsync(db, user, communityId, [new ResidentCsvRow(0, request.FullName, request.Unit, request.Email, request.Phone)], ct))[0];
        if (candidate.Errors.Count > 0)
        {
            return ServiceResult<ResidentAdded>.From(candidate.ToResult());
        }

        var created = await CreateAsync(db, user, communityId, [candidate], ct);
        return created.Added.Count == 1
            ? created.Added[0]
            : ServiceResult<ResidentAdded>.From(created.Failed[0].ToResult());
    }

    public async Task<ServiceResult<ResidentAdminDto>> UpdateAsync(CurrentUser user, int residentId, ResidentUpdateRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var resident = await db.Residents.ManagedBy(user).FirstOrDefaultAsync(r => r.Id == residentId, ct);
        if (resident is null)
        {
            return ServiceResult<ResidentAdminDto>.From(ServiceResult.NotFound);
        }

        var candidate = new Candidate(new ResidentCsvRow(0, request.FullName, request.Unit, null, request.Phone));
        CheckFields(candidate, requireEmail: false);
        if (candidate.Unit is not null && resident.IsActive)
        {
            await CheckUnitFreeAsync(db, resident.CommunityId, candidate, exceptResidentId: resident.Id, ct);
        }

        if (candidate.Errors.Count > 0)
        {
            return ServiceResult<ResidentAdminDto>.From(candidate.ToResult());
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
            return ServiceResult<ResidentAdminDto>.From(ServiceResult.NotFound);
        }

        if (resident.IsActive != active)
        {
            if (active)
            {
                // Only the unit can stand in the way; the stored fields are not re-validated.
                var candidate = new Candidate(new ResidentCsvRow(0, resident.FullName, resident.Unit, null, resident.Phone)) { Unit = resident.Unit };
                await CheckUnitFreeAsync(db, resident.CommunityId, candidate, exceptResidentId: resident.Id, ct);
                if (candidate.Errors.Count > 0)
                {
                    return ServiceResult<ResidentAdminDto>.From(candidate.ToResult());
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
            return ServiceResult<ResidentSetupLink>.From(ServiceResult.NotFound);
        }

        if (!resident.IsActive)
        {
            return ServiceResult<ResidentSetupLink>.From(ServiceResult.Invalid("resident", l["Residents.Error.LinkInactive"]));
        }

        var link = resident.Linkable ? await accounts.CreateSetupLinkAsync(user, resident.UserId, companyAdmins: false, ct) : null;
        if (link is not { Succeeded: true })
        {
            // The same words whoever the account belongs to (another company, an administrator, a race with either).
            return ServiceResult<ResidentSetupLink>.From(new ServiceResult(ServiceError.Forbidden,
                new Dictionary<string, string[]> { ["resident"] = [l["Accounts.NotYoursToLink"]] }));
        }

        return new ResidentSetupLink(residentId, resident.FullName, resident.Unit, resident.Email, link.Value!);
    }

    /// <summary>How many active residents of the community have never set their password (their links may be lost or expired).</summary>
    public async Task<ServiceResult<int>> CountPendingAsync(CurrentUser user, int communityId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<int>.From(ServiceResult.NotFound);
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
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<IReadOnlyList<ResidentSetupLink>>.From(ServiceResult.NotFound);
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
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<ImportPreview>.From(ServiceResult.NotFound);
        }

        if (file.Error is not null)
        {
            return new ImportPreview([], file.Error);
        }

        var checkedRows = await CheckAsync(db, user, communityId, file.Rows, ct);
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
            return ServiceResult<ImportResult>.From(ServiceResult.Invalid("file", l["Import.Error.TooManyRows", rows.Count, ResidentCsv.MaxRows]));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct))
        {
            return ServiceResult<ImportResult>.From(ServiceResult.NotFound);
        }

        var checkedRows = await CheckAsync(db, user, communityId, rows, ct);
        var created = await CreateAsync(db, user, communityId, checkedRows.Where(c => c.Errors.Count == 0).ToList(), ct, progress);
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

    /// <summary>
    /// An account an e-mail already has. <see cref="Linkable"/>: the caller may be shown its link (<see cref="SetupLinkScope"/>);
    /// nothing else about an account outside that scope (whose it is, whether it is an administrator's) is told.
    /// </summary>
    private sealed record Account(string UserId, string NormalizedEmail, bool Linkable, bool HasPassword, string? UnitHere, bool ActiveHere);

    /// <summary>A row on its way in: the cleaned values, what is wrong with it (by field) and the account its email already has.</summary>
    private sealed class Candidate(ResidentCsvRow row)
    {
        public ResidentCsvRow Row { get; } = row;
        public string? FullName { get; set; }
        public string? Unit { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public Account? Account { get; set; }
        public List<(string Field, string Message, bool Clash)> Errors { get; } = [];

        public void Add(string field, string message, bool clash = false) => Errors.Add((field, message, clash));

        /// <summary>Format mistakes are Invalid; a clean row that clashes with existing data is a Conflict.</summary>
        public ServiceResult ToResult() => new(
            Errors.TrueForAll(e => e.Clash) ? ServiceError.Conflict : ServiceError.Invalid,
            Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

        /// <summary>An account outside the caller's scope reads as a new e-mail would: the preview is no way to learn who exists.</summary>
        public ImportRowPreview ToPreview() => new(
            Row,
            Errors.Count > 0 ? ImportRowKind.Invalid : Account is { Linkable: true } ? ImportRowKind.ExistingAccount : ImportRowKind.NewAccount,
            Errors.Select(e => e.Message).ToList());
    }

    private async Task<List<Candidate>> CheckAsync(AppDbContext db, CurrentUser user, int communityId, IReadOnlyList<ResidentCsvRow> rows, CancellationToken ct)
    {
        var candidates = rows.Select(r => new Candidate(r)).ToList();
        foreach (var candidate in candidates)
        {
            CheckFields(candidate, requireEmail: true);
        }

        CheckRepeats(candidates, c => c.Email is null ? null : normalizer.NormalizeEmail(c.Email), "email", "Import.Error.EmailRepeated");
        CheckRepeats(candidates, c => c.Unit is null ? null : InputText.Key(c.Unit), "unit", "Import.Error.UnitRepeated");

        // One query for the community's occupied units, one for the accounts the emails already have.
        var occupied = (await db.Residents.AsNoTracking()
                .Where(r => r.CommunityId == communityId && r.IsActive)
                .Select(r => new { r.Unit, r.FullName })
                .ToListAsync(ct))
            .GroupBy(r => InputText.Key(r.Unit))
            .ToDictionary(g => g.Key, g => g.First().FullName);
        foreach (var candidate in candidates.Where(c => c.Unit is not null))
        {
            if (occupied.TryGetValue(InputText.Key(candidate.Unit), out var occupant))
            {
                candidate.Add("unit", l["Residents.Error.UnitTaken", candidate.Unit!, occupant], clash: true);
            }
        }

        var emails = candidates.Where(c => c.Email is not null).Select(c => normalizer.NormalizeEmail(c.Email!)).Distinct().ToList();
        if (emails.Count == 0)
        {
            return candidates;
        }

        var linkable = db.Users.LinkableBy(db, user).Select(u => u.Id);
        var found = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail))
            .Select(u => new
            {
                u.Id,
                u.NormalizedEmail,
                Linkable = linkable.Contains(u.Id),
                HasPassword = u.PasswordHash != null,
                Here = db.Residents.Where(r => r.UserId == u.Id && r.CommunityId == communityId)
                    .OrderByDescending(r => r.IsActive).Select(r => new { r.Unit, r.IsActive }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var byEmail = found.GroupBy(a => a.NormalizedEmail!).ToDictionary(g => g.Key, g => g.First());
        foreach (var candidate in candidates.Where(c => c.Email is not null))
        {
            if (!byEmail.TryGetValue(normalizer.NormalizeEmail(candidate.Email!), out var account))
            {
                continue;
            }

            // An administrator's e-mail is not refused: any refusal would tell the caller whose account it is. Like
            // another company's resident, it gets the profile and no link (see AddAsync).
            candidate.Account = new Account(account.Id, account.NormalizedEmail!, account.Linkable, account.HasPassword, account.Here?.Unit, account.Here?.IsActive ?? false);
            if (account.Here is { IsActive: true })
            {
                candidate.Add("email", l["Residents.Error.EmailHere", candidate.Email!, account.Here.Unit], clash: true);
            }
            else if (account.Here is not null)
            {
                candidate.Add("email", l["Residents.Error.EmailHereInactive", candidate.Email!, account.Here.Unit], clash: true);
            }
        }

        return candidates;
    }

    private void CheckFields(Candidate candidate, bool requireEmail)
    {
        var row = candidate.Row;
        candidate.FullName = InputText.Clean(row.FullName);
        candidate.Unit = InputText.Clean(row.Unit);
        candidate.Phone = InputText.Clean(row.Phone);
        candidate.Email = row.Email?.Trim() is { Length: > 0 } email ? email : null;

        if (candidate.FullName is null)
        {
            candidate.Add("fullName", l["Residents.Error.NameRequired"]);
        }
        else if (candidate.FullName.Length > NameMaxLength)
        {
            candidate.Add("fullName", l["Residents.Error.NameTooLong", NameMaxLength]);
        }

        if (candidate.Unit is null)
        {
            candidate.Add("unit", l["Residents.Error.UnitRequired"]);
        }
        else if (candidate.Unit.Length > UnitMaxLength)
        {
            candidate.Add("unit", l["Residents.Error.UnitTooLong", UnitMaxLength]);
        }

        if (requireEmail)
        {
            if (candidate.Email is null)
            {
                candidate.Add("email", l["Residents.Error.EmailRequired"]);
            }
            else if (candidate.Email.Length > EmailMaxLength || !new EmailAddressAttribute().IsValid(candidate.Email)
                || !candidate.Email.All(identityOptions.Value.User.AllowedUserNameCharacters.Contains))
            {
                candidate.Add("email", l["Residents.Error.EmailInvalid", candidate.Email]);
                candidate.Email = null;
            }
        }

        if (candidate.Phone is not null
            && (candidate.Phone.Length > PhoneMaxLength || !candidate.Phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')
                || candidate.Phone.Count(char.IsAsciiDigit) < 6))
        {
            candidate.Add("phone", l["Residents.Error.PhoneInvalid", candidate.Phone, PhoneMaxLength]);
        }
    }

    /// <summary>Marks every row whose key another row of the same file also has, naming the other lines.</summary>
    private void CheckRepeats(List<Candidate> candidates, Func<Candidate, string?> key, string field, string messageKey)
    {
        if (candidates.Count < 2)
        {
            return;
        }

        foreach (var group in candidates.Where(c => key(c) is not null).GroupBy(c => key(c)!).Where(g => g.Count() > 1))
        {
            foreach (var candidate in group)
            {
                var others = group.Where(o => o != candidate).Select(o => o.Row.Line).ToList();
                candidate.Add(field, l[messageKey + (others.Count == 1 ? ".One" : ".Many"), string.Join(", ", others)]);
            }
        }
    }

    private async Task CheckUnitFreeAsync(AppDbContext db, int communityId, Candidate candidate, int exceptResidentId, CancellationToken ct)
    {
        var key = InputText.Key(candidate.Unit);
        var occupants = await db.Residents.AsNoTracking()
            .Where(r => r.CommunityId == communityId && r.IsActive && r.Id != exceptResidentId)
            .Select(r => new { r.Unit, r.FullName })
            .ToListAsync(ct);
        if (occupants.Find(o => InputText.Key(o.Unit) == key) is { } occupant)
        {
            candidate.Add("unit", l["Residents.Error.UnitTaken", candidate.Unit!, occupant.FullName], clash: true);
        }
    }

    private sealed record Created(List<ResidentAdded> Added, List<Candidate> Failed);

    /// <summary>
    /// Creates the missing accounts (Identity, one by one), saves all profiles in one batch, then issues a link for
    /// every account that has no password yet and is the caller's to link.
    /// </summary>
    private async Task<Created> CreateAsync(
        AppDbContext db, CurrentUser user, int communityId, IReadOnlyList<Candidate> candidates, CancellationToken ct, IProgress<ImportProgress>? progress = null)
    {
        // Identity writes each account on its own (tens of milliseconds apiece): hundreds of rows take a while.
        var steps = candidates.Count(c => c.Account is null) + candidates.Count(c => c.Account is null or { HasPassword: false, Linkable: true });
        var done = 0;
        progress?.Report(new ImportProgress(0, steps));
        var failed = new List<Candidate>();
        var ready = new List<(Candidate Candidate, string UserId, bool NewAccount, bool NeedsLink)>();
        foreach (var candidate in candidates)
        {
            if (candidate.Account is { } existing)
            {
                ready.Add((candidate, existing.UserId, false, !existing.HasPassword && existing.Linkable));
                continue;
            }

            var account = await accounts.CreateAsync(new NewAccount(candidate.Email!, candidate.FullName!, Roles.Resident), ct);
            progress?.Report(new ImportProgress(++done, steps));
            if (account.Succeeded)
            {
                ready.Add((candidate, account.Value!, true, true));
            }
            else
            {
                // Someone took the address between the check and now.
                foreach (var (field, messages) in account.Errors ?? new Dictionary<string, string[]>())
                {
                    candidate.Add(field, string.Join(" ", messages), clash: account.Error == ServiceError.Conflict);
                }

                failed.Add(candidate);
            }
        }

        var residents = ready.Select(r => new Resident
        {
            UserId = r.UserId, CommunityId = communityId, FullName = r.Candidate.FullName!, Unit = r.Candidate.Unit!,
            Phone = r.Candidate.Phone, IsActive = true,
        }).ToList();
        db.Residents.AddRange(residents);
        await db.SaveChangesAsync(ct);

        var added = new List<ResidentAdded>(ready.Count);
        for (var i = 0; i < ready.Count; i++)
        {
            var (candidate, userId, newAccount, needsLink) = ready[i];
            string? link = null;
            if (needsLink)
            {
                link = (await accounts.CreateSetupLinkAsync(user, userId, companyAdmins: false, ct, invite: true)).Value;
                progress?.Report(new ImportProgress(++done, steps));
            }

            added.Add(new ResidentAdded(residents[i].Id, userId, candidate.FullName!, candidate.Unit!, candidate.Email!, newAccount, link));
        }

        return new Created(added, failed);
    }
}
