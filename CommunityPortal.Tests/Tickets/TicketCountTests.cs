using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Auth;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// X-Total-Count of the admin lists comes from counters kept by triggers (TicketCounts) when the filter is only
/// statuses and a community: after every kind of change it must still equal a real count of the tickets.
/// </summary>
public class TicketCountTests(PortalAppFactory factory) : TicketApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private static readonly string[] Admins = ["gestor@demo.local", "gestor.norte@demo.local", "admin@demo.local"];

    [Fact]
    public async Task The_total_stays_exact_through_create_status_change_edit_move_soft_delete_restore_and_hard_delete()
    {
        var demo = await DemoAsync();
        await AssertTotalsExactAsync(demo, "seeded");

        var id = await CreateOwnTicketAsync("ana@demo.local", "La reja del estacionamiento no cierra.");
        var forLuis = (await CreateTicketAsync("gestor@demo.local", new { categoriaTicketId = demo.Seguridad, residentId = demo.Luis })).GetProperty("id").GetInt32();
        await AssertTotalsExactAsync(demo, "created");

        using var gestor = await As("gestor@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await gestor.PutAsJsonAsync($"/api/tickets/{id}", new { statusId = demo.EnProceso })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gestor.PutAsJsonAsync($"/api/tickets/{forLuis}", new { statusId = demo.Resuelto })).StatusCode);
        await AssertTotalsExactAsync(demo, "status changed");

        Assert.Equal(HttpStatusCode.OK, (await gestor.PutAsJsonAsync($"/api/tickets/{id}", new { contenido = "La reja sigue sin cerrar." })).StatusCode);
        await AssertTotalsExactAsync(demo, "edited");

        // No endpoint moves a ticket or restores one; the triggers must still follow such a change.
        await using (var db = Factory.CreateDbContext())
        {
            var moved = await db.Tickets.SingleAsync(t => t.Id == id);
            moved.CommunityId = demo.VillaNorte;
            await db.SaveChangesAsync();
        }

        await AssertTotalsExactAsync(demo, "moved");

        Assert.Equal(HttpStatusCode.NoContent, (await gestor.DeleteAsync($"/api/tickets/{forLuis}")).StatusCode);
        await AssertTotalsExactAsync(demo, "soft-deleted");

        await using (var db = Factory.CreateDbContext())
        {
            var restored = await db.Tickets.SingleAsync(t => t.Id == forLuis);
            restored.IsDeleted = false;
            restored.DeletedAt = null;
            await db.SaveChangesAsync();
        }

        await AssertTotalsExactAsync(demo, "restored");

        await using (var db = Factory.CreateDbContext())
        {
            await db.TicketHistory.Where(h => h.TicketId == forLuis).ExecuteDeleteAsync();
            await db.Notifications.Where(n => n.TicketId == forLuis).ExecuteDeleteAsync();
            await db.Tickets.Where(t => t.Id == forLuis).ExecuteDeleteAsync();
        }

        await AssertTotalsExactAsync(demo, "hard-deleted");
    }

    [Fact]
    public async Task The_counter_triggers_exist_after_all_migrations()
    {
        // A later migration that rebuilds Tickets (SQLite's way to alter a column) would drop them silently.
        await using var db = Factory.CreateDbContext();

        var triggers = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Tickets' ORDER BY name").ToListAsync();

        Assert.Equal(["TR_Tickets_Count_Delete", "TR_Tickets_Count_Insert", "TR_Tickets_Count_Update"], triggers);
    }

    /// <summary>Every admin list's X-Total-Count, filtered by nothing, statuses and a community, against COUNT(*).</summary>
    private async Task AssertTotalsExactAsync(DemoData demo, string when)
    {
        foreach (var email in Admins)
        {
            using var client = await As(email);
            await using var db = Factory.CreateDbContext();
            var user = await ServiceUsers.GetAsync(Factory, email);
            var scope = await db.Communities.ManagedBy(user).Select(c => c.Id).OrderBy(c => c).ToListAsync();
            var live = db.Tickets.Where(t => !t.IsDeleted && scope.Contains(t.CommunityId));
            var community = scope[0];
            var cases = new (string Query, IQueryable<Ticket> Expected)[]
            {
                ("", live),
                ($"statusId={demo.Nuevo}", live.Where(t => t.StatusId == demo.Nuevo)),
                ($"statusId={demo.EnProceso}", live.Where(t => t.StatusId == demo.EnProceso)),
                ($"statusIds={demo.Nuevo}&statusIds={demo.Resuelto}", live.Where(t => t.StatusId == demo.Nuevo || t.StatusId == demo.Resuelto)),
                ($"communityId={community}", live.Where(t => t.CommunityId == community)),
                ($"communityId={community}&statusId={demo.EnProceso}", live.Where(t => t.CommunityId == community && t.StatusId == demo.EnProceso)),
            };
            foreach (var (query, expected) in cases)
            {
                using var response = await client.GetAsync($"/api/tickets?{query}&pageSize=1");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{when}, {email}, {query}: {response.StatusCode}");
                var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);
                Assert.True(await expected.CountAsync() == total, $"{when}, {email}, ?{query}: X-Total-Count {total}, COUNT(*) {await expected.CountAsync()}");
            }
        }
    }
}
