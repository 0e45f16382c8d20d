using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// The visibility and management rules exist twice — per role (<see cref="TicketAccess.VisibleTo"/> and
/// <c>ManagedBy</c>, for lists) and with the caller as parameters (<see cref="TicketAccess.IsVisible"/> and
/// <see cref="TicketAccess.IsManaged"/>, for compiled queries) — so both must answer the same for every kind of caller.
/// </summary>
public class TicketAccessTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Reading_one_ticket_follows_the_same_rule_as_the_lists_for_every_kind_of_user()
    {
        _ = factory.Server;
        await AddEdgeCasesAsync();
        var tickets = factory.Services.GetRequiredService<TicketService>();
        await using var db = factory.CreateDbContext();
        var allIds = await db.Tickets.Select(t => t.Id).OrderBy(id => id).ToListAsync();

        foreach (var email in new[] { "admin@demo.local", "gestor@demo.local", "gestor.norte@demo.local", "ana@demo.local", "luis@demo.local", "marta@demo.local" })
        {
            var user = await ServiceUsers.GetAsync(factory, email);
            var listed = await db.Tickets.VisibleTo(user).Select(t => t.Id).OrderBy(id => id).ToListAsync();
            var readable = new List<int>();
            foreach (var id in allIds)
            {
                if ((await tickets.GetAsync(user, id, CancellationToken.None)).Succeeded)
                {
                    readable.Add(id);
                }
            }

            Assert.NotEmpty(listed);
            Assert.True(listed.SequenceEqual(readable), $"{email}: lists show [{string.Join(',', listed)}], by id [{string.Join(',', readable)}]");
        }
    }

    [Fact]
    public async Task The_counters_scope_follows_the_same_rule_as_the_lists_for_every_kind_of_user()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();

        foreach (var email in new[] { "admin@demo.local", "gestor@demo.local", "gestor.norte@demo.local", "ana@demo.local" })
        {
            var user = await ServiceUsers.GetAsync(factory, email);
            var (everything, companyId, _) = TicketAccess.VisibilityOf(user);
            var listed = await db.Communities.ManagedBy(user).Select(c => c.Id).OrderBy(id => id).ToListAsync();
            var parameterized = await db.Communities
                .Where(QueryExpressions.Expand<Func<Community, bool>>(c => TicketAccess.IsManaged.Inline(c, everything, companyId)))
                .Select(c => c.Id).OrderBy(id => id).ToListAsync();

            Assert.True(listed.SequenceEqual(parameterized), $"{email}: ManagedBy [{string.Join(',', listed)}], IsManaged [{string.Join(',', parameterized)}]");
        }
    }

    // A deleted ticket, and a company administrator who also reports, as a resident, in another company's
    // community: the two corners of the rule the demo data lacks.
    private async Task AddEdgeCasesAsync()
    {
        var gestorNorte = await ServiceUsers.GetAsync(factory, "gestor.norte@demo.local");
        await using var db = factory.CreateDbContext();
        var losRobles = await db.Communities.SingleAsync(c => c.Name == "Residencial Los Robles");
        var resident = new Resident { UserId = gestorNorte.UserId, CommunityId = losRobles.Id, FullName = "Gestor Norte", Unit = "Casa 99" };
        db.Residents.Add(resident);
        var template = await db.Tickets.AsNoTracking().FirstAsync();
        db.Tickets.Add(new Ticket
        {
            CategoriaTicketId = template.CategoriaTicketId, StatusId = template.StatusId, FechaReporte = DateTime.UtcNow,
            Contenido = "Ticket propio de un administrador en otra comunidad", CommunityId = losRobles.Id, Resident = resident,
        });
        var deleted = await db.Tickets.FirstAsync(t => t.Id != template.Id);
        deleted.IsDeleted = true;
        deleted.DeletedAt = DateTime.UtcNow;
        await db.SaveChangesAsync();
    }
}
