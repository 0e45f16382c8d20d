using System.ComponentModel.DataAnnotations;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Features.Residents;

/// <summary>
/// How a resident comes in — a typed one or every row of an import file, by the same rules: each row becomes a
/// <see cref="Candidate"/> (cleaned values), is checked (fields, repeats within the file, units and e-mails already in the
/// community, the account an e-mail already has), and the valid ones are created (accounts, profiles, set-password
/// links). <see cref="ResidentAdminService"/> checks the caller's scope first and decides what to answer.
/// </summary>
public sealed class ResidentIntake(
    AccountService accounts,
    ILookupNormalizer normalizer,
    IOptions<IdentityOptions> identityOptions,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// An account an e-mail already has. <see cref="Linkable"/>: the caller may be shown its link (<see cref="SetupLinkScope"/>);
    /// nothing else about an account outside that scope (whose it is, whether it is an administrator's) is told.
    /// </summary>
    internal sealed record Account(string UserId, string NormalizedEmail, bool Linkable, bool HasPassword, string? UnitHere, bool ActiveHere);

    /// <summary>A row on its way in: the cleaned values, what is wrong with it (by field) and the account its email already has.</summary>
    internal sealed class Candidate(ResidentCsvRow row)
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
        public Failure ToResult() => new(
            Errors.TrueForAll(e => e.Clash) ? ServiceError.Conflict : ServiceError.Invalid,
            Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

        /// <summary>An account outside the caller's scope reads as a new e-mail would: the preview is no way to learn who exists.</summary>
        public ImportRowPreview ToPreview() => new(
            Row,
            Errors.Count > 0 ? ImportRowKind.Invalid : Account is { Linkable: true } ? ImportRowKind.ExistingAccount : ImportRowKind.NewAccount,
            Errors.Select(e => e.Message).ToList());
    }

    internal async Task<List<Candidate>> CheckAsync(AppDbContext db, CurrentUser user, int communityId, IReadOnlyList<ResidentCsvRow> rows, CancellationToken ct)
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

    internal void CheckFields(Candidate candidate, bool requireEmail)
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
        else if (candidate.FullName.Length > ResidentAdminService.NameMaxLength)
        {
            candidate.Add("fullName", l["Residents.Error.NameTooLong", ResidentAdminService.NameMaxLength]);
        }

        if (candidate.Unit is null)
        {
            candidate.Add("unit", l["Residents.Error.UnitRequired"]);
        }
        else if (candidate.Unit.Length > ResidentAdminService.UnitMaxLength)
        {
            candidate.Add("unit", l["Residents.Error.UnitTooLong", ResidentAdminService.UnitMaxLength]);
        }

        if (requireEmail)
        {
            if (candidate.Email is null)
            {
                candidate.Add("email", l["Residents.Error.EmailRequired"]);
            }
            else if (candidate.Email.Length > ResidentAdminService.EmailMaxLength || !new EmailAddressAttribute().IsValid(candidate.Email)
                || !candidate.Email.All(identityOptions.Value.User.AllowedUserNameCharacters.Contains))
            {
                candidate.Add("email", l["Residents.Error.EmailInvalid", candidate.Email]);
                candidate.Email = null;
            }
        }

        if (candidate.Phone is not null
            && (candidate.Phone.Length > ResidentAdminService.PhoneMaxLength || !candidate.Phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')
                || candidate.Phone.Count(char.IsAsciiDigit) < 6))
        {
            candidate.Add("phone", l["Residents.Error.PhoneInvalid", candidate.Phone, ResidentAdminService.PhoneMaxLength]);
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

    internal async Task CheckUnitFreeAsync(AppDbContext db, int communityId, Candidate candidate, int exceptResidentId, CancellationToken ct)
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

    internal sealed record Created(List<ResidentAdded> Added, List<Candidate> Failed);

    /// <summary>
    /// Creates the missing accounts (Identity, one by one), saves all profiles in one batch, then issues a link for
    /// every account that has no password yet and is the caller's to link.
    /// </summary>
    internal async Task<Created> CreateAsync(
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
