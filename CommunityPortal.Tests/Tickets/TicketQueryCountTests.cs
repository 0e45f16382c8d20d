using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

/// <summary>A list costs the same number of SQL statements whatever the number of tickets and comments (no N+1).</summary>
public class TicketQueryCountTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>
{
    [Fact]
    public async Task Listing_tickets_runs_a_bounded_number_of_statements()
    {
        using var gestor = await factory.CreateApiClientAsync("gestor@demo.local");
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");

        var few = await factory.CountCommandsAsync(gestor, "/api/tickets?pageSize=200");
        var fewMine = await factory.CountCommandsAsync(ana, "/api/tickets/my?pageSize=200");
        await AddTicketsWithCommentsAsync(60, commentsEach: 3);
        var many = await factory.CountCommandsAsync(gestor, "/api/tickets?pageSize=200");
        var manyMine = await factory.CountCommandsAsync(ana, "/api/tickets/my?pageSize=200");

        Assert.Equal(few, many);
        Assert.Equal(fewMine, manyMine);
        Assert.InRange(many, 1, 3);
    }

    private async Task AddTicketsWithCommentsAsync(int tickets, int commentsEach)
    {
        var demo = await DemoData.LoadAsync(factory);
        await using var db = factory.CreateDbContext();
        var anaUser = db.Residents.Single(r => r.Id == demo.Ana).UserId;
        var created = Enumerable.Range(0, tickets).Select(i => new Ticket
        {
            CategoriaTicketId = demo.Mantenimiento, StatusId = demo.Nuevo, Contenido = $"Ticket de carga {i}",
            CommunityId = demo.Robles, ResidentId = demo.Ana,
        }).ToList();
        db.Tickets.AddRange(created);
        await db.SaveChangesAsync();
        db.Comentarios.AddRange(created.SelectMany(t => Enumerable.Range(0, commentsEach).Select(i => new Comentario
        {
            Origen = ComentarioOrigenes.Ticket, IdOrigen = t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ComentarioTexto = $"Comentario {i}", AuthorUserId = anaUser, AuthorName = "Ana Pérez", AuthorRole = "RESIDENT",
            ResidentId = demo.Ana, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        })));
        await db.SaveChangesAsync();
    }
}
