using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Communities;

/// <summary>
/// Communities as administrators manage them: ADMIN_COMPANY those of their company, SYSTEM_ADMIN all of them
/// (and may move one to another company). Another company's community answers NotFound, as if it did not exist.
/// </summary>
public sealed class CommunityService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 300;

    /// <summary>
    /// The communities in the caller's scope, by company and name, in one statement. Not paged: a company runs tens of
    /// communities, and the page shows them all as cards.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<CommunitySummaryDto>>> ListAsync(CurrentUser user, int? companyId, CancellationToken ct)
    {
        if (!user.IsAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var communities = db.Communities.AsNoTracking().ManagedBy(user);
        if (companyId is int only)
        {
            communities = communities.Where(c => c.CompanyId == only);
        }

        var list = await communities
            .OrderBy(c => c.Company.Name).ThenBy(c => c.Name)
            .Select(c => new CommunitySummaryDto(
                c.Id, c.Name, c.Address, c.CompanyId, c.Company.Name,
                c.Residents.Count(r => r.IsActive),
                db.Tickets.Count(t => t.CommunityId == c.Id && !t.IsDeleted && !t.Status.EsFinal)))
            .ToListAsync(ct);
        return list;
    }

    public async Task<ServiceResult<CommunityDto>> GetAsync(CurrentUser user, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await db.Communities.AsNoTracking().ManagedBy(user)
            .Where(c => c.Id == id)
            .Select(c => new CommunityDto(c.Id, c.Name, c.Address, c.CompanyId, c.Company.Name))
            .FirstOrDefaultAsync(ct);
        return community is null ? ServiceResult.NotFound : community;
    }

    public async Task<ServiceResult<CommunityDto>> CreateAsync(CurrentUser user, CommunityRequest request, CancellationToken ct)
    {
        if (!user.IsAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var companyId = await ResolveCompanyAsync(db, user, request.CompanyId, currentCompanyId: null, ct);
        if (Validate(request, companyId) is { } invalid)
        {
            return invalid;
        }

        var name = InputText.Clean(request.Name)!;
        if (await NameTakenAsync(db, companyId.Value, name, exceptId: null, ct))
        {
            return Duplicate(name);
        }

        var community = new Community { Name = name, Address = InputText.Clean(request.Address), CompanyId = companyId.Value };
        db.Communities.Add(community);
        if (!await db.TrySaveChangesAsync(ct))
        {
            return Duplicate(name);
        }

        return await GetAsync(user, community.Id, ct);
    }

    public async Task<ServiceResult<CommunityDto>> UpdateAsync(CurrentUser user, int id, CommunityRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var community = await db.Communities.ManagedBy(user).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (community is null)
        {
            return ServiceResult.NotFound;
        }

        var companyId = await ResolveCompanyAsync(db, user, request.CompanyId, community.CompanyId, ct);
        if (Validate(request, companyId) is { } invalid)
        {
            return invalid;
        }

        var name = InputText.Clean(request.Name)!;
        if (await NameTakenAsync(db, companyId.Value, name, exceptId: id, ct))
        {
            return Duplicate(name);
        }

        community.Name = name;
        community.Address = InputText.Clean(request.Address);
        community.CompanyId = companyId.Value;
        if (!await db.TrySaveChangesAsync(ct))
        {
            return Duplicate(name);
        }

        return await GetAsync(user, id, ct);
    }

    /// <summary>
    /// The company the community will belong to. ADMIN_COMPANY: always their own (naming another is answered
    /// NotFound, never "forbidden", so company ids reveal nothing). SYSTEM_ADMIN: the one asked for, which must exist;
    /// on an edit, leaving it out keeps the current one.
    /// </summary>
    private async Task<ServiceResult<int>> ResolveCompanyAsync(
        AppDbContext db, CurrentUser user, int? requested, int? currentCompanyId, CancellationToken ct)
    {
        if (!user.IsSystemAdmin)
        {
            var own = user.CompanyId!.Value;
            return requested is null || requested == own ? own : ServiceResult.NotFound;
        }

        if ((requested ?? currentCompanyId) is not int companyId)
        {
            return ServiceResult.Invalid("companyId", l["Communities.Error.CompanyRequired"]);
        }

        return await db.Companies.AnyAsync(c => c.Id == companyId, ct)
            ? companyId
            : ServiceResult.Invalid("companyId", l["Communities.Error.CompanyUnknown"]);
    }

    /// <summary>Every field's problem at once, the company's included; a company out of scope is NotFound alone.</summary>
    private Failure? Validate(CommunityRequest request, ServiceResult<int> company)
    {
        if (company.Error == ServiceError.NotFound)
        {
            return company.Failure;
        }

        var errors = new Dictionary<string, string[]>(company.Errors ?? new Dictionary<string, string[]>());
        var name = InputText.Clean(request.Name);
        if (name is null)
        {
            errors["name"] = [l["Communities.Error.NameRequired"]];
        }
        else if (name.Length > NameMaxLength)
        {
            errors["name"] = [l["Common.Error.TooLong", NameMaxLength]];
        }

        if (InputText.Clean(request.Address) is { Length: > AddressMaxLength })
        {
            errors["address"] = [l["Common.Error.TooLong", AddressMaxLength]];
        }

        return errors.Count == 0 ? null : Failure.Invalid(errors);
    }

    private Failure Duplicate(string name) => ServiceResult.Conflict("name", l["Communities.Error.Duplicate", name]);

    // Unique per company, ignoring case (the index itself is case-sensitive); one company's list is short.
    private static async Task<bool> NameTakenAsync(AppDbContext db, int companyId, string name, int? exceptId, CancellationToken ct)
    {
        var names = await db.Communities.AsNoTracking()
            .Where(c => c.CompanyId == companyId && (exceptId == null || c.Id != exceptId))
            .Select(c => c.Name)
            .ToListAsync(ct);
        return names.Exists(n => InputText.SameName(n, name));
    }
}
