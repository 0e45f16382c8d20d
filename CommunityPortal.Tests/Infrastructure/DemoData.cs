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
        var communities = await db.Communities.ToDictionaryAsync(c => c.Name, c => c.Id);
        var residents = await db.Residents.ToDictionaryAsync(r => r.FullName, r => r.Id);
        var categories = await db.Categorias.ToDictionaryAsync(c => c.Nombre, c => c.Id);
        var statuses = await db.Statuses.ToDictionaryAsync(s => s.Code, s => s.Id);
        return new DemoData(
            communities["Residencial Los Robles"], communities["Torres del Parque"], communities["Villa Norte"],
            residents["Ana Pérez"], residents["Luis Gómez"], residents["Marta Rodríguez"],
            categories["Mantenimiento"], categories["Seguridad"],
            statuses["NUEVO"], statuses["EN_REVISION"], statuses["EN_PROCESO"], statuses["CANCELADO"], statuses["RESUELTO"]);
    }
}
