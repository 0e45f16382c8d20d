using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Categories;

/// <summary>Ticket categories: everyone reads the active ones, SYSTEM_ADMIN edits them.</summary>
public sealed class CategoryService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
    private string DuplicateMessage => l["Categories.Error.Duplicate"].Value;

    /// <summary>
    /// Categories ordered by orden, then nombre, as <paramref name="caller"/> may see them: inactive ones only when asked
    /// for, and for administrators only.
    /// </summary>
    public async Task<IReadOnlyList<CategoriaDto>> ListAsync(CurrentUser caller, bool includeInactive, CancellationToken ct)
    {
        var inactiveToo = includeInactive && caller.IsAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Categorias.AsNoTracking()
            .Where(c => inactiveToo || c.Activo)
            .OrderBy(c => c.Orden).ThenBy(c => c.Nombre)
            .Select(c => new CategoriaDto(c.Id, c.Nombre, c.Descripcion, c.Activo, c.Orden))
            .ToListAsync(ct);
    }

    /// <summary>Who may create, change and delete categories.</summary>
    private static bool MayChange(CurrentUser caller) => caller.IsSystemAdmin;

    // Inactive categories are readable by id for everyone: existing tickets still show them.
    public async Task<ServiceResult<CategoriaDto>> GetAsync(int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dto = await db.Categorias.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new CategoriaDto(c.Id, c.Nombre, c.Descripcion, c.Activo, c.Orden))
            .FirstOrDefaultAsync(ct);
        return dto is null ? ServiceResult.NotFound : dto;
    }

    public async Task<ServiceResult<CategoriaDto>> CreateAsync(CurrentUser caller, CreateCategoriaRequest request, CancellationToken ct)
    {
        if (!MayChange(caller))
        {
            return ServiceResult.Forbidden;
        }

        if (Normalize(request.Nombre) is not { } nombre)
        {
            return BlankName();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await NameTakenAsync(db, nombre, exceptId: null, ct))
        {
            return ServiceResult.Conflict("nombre", DuplicateMessage);
        }

        var categoria = new CategoriaTicket
        {
            Nombre = nombre,
            Descripcion = Normalize(request.Descripcion),
            Activo = true,
            Orden = request.Orden ?? (await db.Categorias.MaxAsync(c => (int?)c.Orden, ct) ?? 0) + 1,
        };
        db.Categorias.Add(categoria);
        if (!await TrySaveAsync(db, nombre, categoria.Id, ct))
        {
            return ServiceResult.Conflict("nombre", DuplicateMessage);
        }

        return ToDto(categoria);
    }

    public async Task<ServiceResult<CategoriaDto>> UpdateAsync(CurrentUser caller, int id, UpdateCategoriaRequest request, CancellationToken ct)
    {
        if (!MayChange(caller))
        {
            return ServiceResult.Forbidden;
        }

        if (Normalize(request.Nombre) is not { } nombre)
        {
            return BlankName();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var categoria = await db.Categorias.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (categoria is null)
        {
            return ServiceResult.NotFound;
        }

        if (await NameTakenAsync(db, nombre, exceptId: id, ct))
        {
            return ServiceResult.Conflict("nombre", DuplicateMessage);
        }

        categoria.Nombre = nombre;
        categoria.Descripcion = Normalize(request.Descripcion);
        categoria.Activo = request.Activo!.Value;
        categoria.Orden = request.Orden!.Value;
        if (!await TrySaveAsync(db, nombre, id, ct))
        {
            return ServiceResult.Conflict("nombre", DuplicateMessage);
        }

        return ToDto(categoria);
    }

    /// <summary>Removes an unused category; one that any ticket (even a deleted one) references is deactivated instead.</summary>
    public async Task<ServiceResult<CategoryDeleteOutcome>> DeleteAsync(CurrentUser caller, int id, CancellationToken ct)
    {
        if (!MayChange(caller))
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var categoria = await db.Categorias.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (categoria is null)
        {
            return ServiceResult.NotFound;
        }

        if (!await db.Tickets.AnyAsync(t => t.CategoriaTicketId == id, ct))
        {
            db.Categorias.Remove(categoria);
            try
            {
                await db.SaveChangesAsync(ct);
                return CategoryDeleteOutcome.Removed;
            }
            catch (DbUpdateException)
            {
                // A ticket took the category meanwhile (the foreign key restricts the delete): deactivate it instead.
                db.Entry(categoria).State = EntityState.Unchanged;
            }
        }

        categoria.Activo = false;
        await db.SaveChangesAsync(ct);
        return CategoryDeleteOutcome.Deactivated;
    }

    private static CategoriaDto ToDto(CategoriaTicket c) => new(c.Id, c.Nombre, c.Descripcion, c.Activo, c.Orden);

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private Failure BlankName() => ServiceResult.Invalid("nombre", l["Categories.Error.NameRequired"].Value);

    // The unique index compares case-sensitively (SQLite BINARY, also for non-ASCII letters), so the
    // case-insensitive rule is checked here; the categories are a short reference list.
    private static async Task<bool> NameTakenAsync(AppDbContext db, string nombre, int? exceptId, CancellationToken ct)
    {
        var names = await db.Categorias.AsNoTracking()
            .Where(c => exceptId == null || c.Id != exceptId)
            .Select(c => c.Nombre)
            .ToListAsync(ct);
        return names.Exists(n => string.Equals(n, nombre, StringComparison.OrdinalIgnoreCase));
    }

    // A concurrent create/rename can still hit the unique index; that is a conflict, anything else is not.
    private static async Task<bool> TrySaveAsync(AppDbContext db, string nombre, int id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await NameTakenAsync(db, nombre, exceptId: id == 0 ? null : id, ct))
            {
                return false;
            }

            throw;
        }
    }
}
