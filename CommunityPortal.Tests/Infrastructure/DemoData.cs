using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>Ids of the seeded demo rows, looked up by name (never hard-coded).</summary>
public sealed record DemoData(
    int Robles, int Torres, int VillaNorte,
    int Ana, int Luis, int Marta,
    int Mantenimiento, int Seguridad,
    int Nuevo, int EnRevision, int EnProceso, int Cancelado, int Resuelto)
{
    public static async Task<DemoData> LoadAsync(PortalAppFactory factory)
    {
        _ = factory.Services; // starts the host (TestServer or, for browser tests, Kestrel)
        await using var db = factory.CreateDbContext();
        // Tests may add rows with the same names (a second profile of Ana, a namesake community in another
        // company); the seeded row is the oldest of its name.
        var communities = Oldest(await db.Communities.Select(c => new KeyValuePair<string, int>(c.Name, c.Id)).ToListAsync());
        var residents = Oldest(await db.Residents.Select(r => new KeyValuePair<string, int>(r.FullName, r.Id)).ToListAsync());
        var categories = await db.Categorias.ToDictionaryAsync(c => c.Nombre, c => c.Id);
        var statuses = await db.Statuses.ToDictionaryAsync(s => s.Code, s => s.Id);
        return new DemoData(
            communities["Residencial Los Robles"], communities["Torres del Parque"], communities["Villa Norte"],
            residents["Ana Pérez"], residents["Luis Gómez"], residents["Marta Rodríguez"],
            categories["Mantenimiento"], categories["Seguridad"],
            statuses["NUEVO"], statuses["EN_REVISION"], statuses["EN_PROCESO"], statuses["CANCELADO"], statuses["RESUELTO"]);
    }

    private static Dictionary<string, int> Oldest(List<KeyValuePair<string, int>> rows) =>
        rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Min(r => r.Value));
}
