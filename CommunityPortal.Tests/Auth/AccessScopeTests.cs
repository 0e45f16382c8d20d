using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Auth;

/// <summary>
/// The visibility and management rules exist twice — per role (<see cref="AccessScope.VisibleTo"/> and
/// <c>ManagedBy</c>, for lists) and with the caller as parameters (<see cref="AccessScope.IsVisible"/> and
/// <see cref="AccessScope.IsManaged"/>, for compiled queries) — so both must answer the same for every kind of caller.
/// </summary>
public class AccessScopeTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Reading_one_ticket_follows_the_same_rule_as_the_lists_for_every_kind_of_user()
    {
        _ = factory.Server;
        await AddEdgeCasesAsync();
        var tickets = factory.Services.GetRequiredService<TicketQueries>();
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
            var (everything, companyId, _) = AccessScope.VisibilityOf(user);
            var listed = await db.Communities.ManagedBy(user).Select(c => c.Id).OrderBy(id => id).ToListAsync();
            var parameterized = await db.Communities
                .Where(QueryExpressions.Expand<Func<Community, bool>>(c => AccessScope.IsManaged.Inline(c, everything, companyId)))
                .Select(c => c.Id).OrderBy(id => id).ToListAsync();

            Assert.True(listed.SequenceEqual(parameterized), $"{email}: ManagedBy [{string.Join(',', listed)}], IsManaged [{string.Join(',', parameterized)}]");
        }
    }

    [Fact]
    public async Task One_community_is_managed_exactly_when_the_scope_lists_it()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();
        var allIds = await db.Communities.Select(c => c.Id).OrderBy(id => id).ToListAsync();

        foreach (var email in new[] { "admin@demo.local", "gestor@demo.local", "gestor.norte@demo.local", "ana@demo.local" })
        {
            var user = await ServiceUsers.GetAsync(factory, email);
            var listed = await db.Communities.ManagedBy(user).Select(c => c.Id).OrderBy(id => id).ToListAsync();
            var managed = new List<int>();
            foreach (var id in allIds.Append(int.MaxValue))
            {
                if (await db.Communities.ManagesAsync(user, id, CancellationToken.None))
                {
                    managed.Add(id);
                }
            }

            Assert.True(listed.SequenceEqual(managed), $"{email}: ManagedBy [{string.Join(',', listed)}], ManagesAsync [{string.Join(',', managed)}]");
        }
    }

    [Fact]
    public async Task The_accounts_in_a_role_are_the_ones_Identity_has_in_it()
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var db = factory.CreateDbContext();
        foreach (var roles in new[] { new[] { Roles.SystemAdmin }, [Roles.AdminCompany], [Roles.SystemAdmin, Roles.AdminCompany], [Roles.Resident] })
        {
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var role in roles)
            {
                expected.UnionWith((await userManager.GetUsersInRoleAsync(role)).Select(u => u.Id));
            }

            var found = await db.Users.InRole(db, roles).Select(u => u.Id).ToListAsync();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, found.Order(StringComparer.Ordinal));
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
