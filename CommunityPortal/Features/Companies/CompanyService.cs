using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Companies;

/// <summary>Management companies: only SYSTEM_ADMIN lists, creates and renames them.</summary>
public sealed class CompanyService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
    public const int NameMaxLength = 200;

    public async Task<ServiceResult<IReadOnlyList<CompanyDto>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!user.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var companies = await Project(db.Companies.AsNoTracking().OrderBy(c => c.Name), db).ToListAsync(ct);
        return companies;
    }

    public async Task<ServiceResult<CompanyDto>> CreateAsync(CurrentUser user, CompanyRequest request, CancellationToken ct)
    {
        if (!user.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var name = InputText.Clean(request.Name)!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await NameTakenAsync(db, name, exceptId: null, ct))
        {
            return Duplicate(name);
        }

        var company = new Company { Name = name };
        db.Companies.Add(company);
        if (!await db.TrySaveChangesAsync(ct))
        {
            return Duplicate(name);
        }

        return new CompanyDto(company.Id, company.Name, 0, 0);
    }

    public async Task<ServiceResult<CompanyDto>> RenameAsync(CurrentUser user, int id, CompanyRequest request, CancellationToken ct)
    {
        if (!user.IsSystemAdmin)
        {
            return ServiceResult.Forbidden;
        }

        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var name = InputText.Clean(request.Name)!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (company is null)
        {
            return ServiceResult.NotFound;
        }

        if (await NameTakenAsync(db, name, exceptId: id, ct))
        {
            return Duplicate(name);
        }

        company.Name = name;
        if (!await db.TrySaveChangesAsync(ct))
        {
            return Duplicate(name);
        }

        return await Project(db.Companies.AsNoTracking().Where(c => c.Id == id), db).FirstAsync(ct);
    }

    private static IQueryable<CompanyDto> Project(IQueryable<Company> companies, AppDbContext db) =>
        companies.Select(c => new CompanyDto(c.Id, c.Name, c.Communities.Count, db.Users.Count(u => u.CompanyId == c.Id)));

    private Failure? Validate(CompanyRequest request) => InputText.Clean(request.Name) switch
    {
        null => ServiceResult.Invalid("name", l["Companies.Error.NameRequired"]),
        { Length: > NameMaxLength } => ServiceResult.Invalid("name", l["Common.Error.TooLong", NameMaxLength]),
        _ => null,
    };

    private Failure Duplicate(string name) => ServiceResult.Conflict("name", l["Companies.Error.Duplicate", name]);

    // The unique index compares case-sensitively; "Gestiones norte" next to "Gestiones Norte" is still a duplicate.
    private static async Task<bool> NameTakenAsync(AppDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        var names = await db.Companies.AsNoTracking()
            .Where(c => exceptId == null || c.Id != exceptId)
            .Select(c => c.Name)
            .ToListAsync(ct);
        return names.Exists(n => InputText.SameName(n, name));
    }
}
