using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

public class CommentQueryCountTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>
{
    [Fact]
    public async Task A_long_deep_thread_is_read_in_a_bounded_number_of_statements()
    {
        var demo = await DemoData.LoadAsync(factory);
        await using var db = factory.CreateDbContext();
        var anaUser = db.Residents.Single(r => r.Id == demo.Ana).UserId;
        var ticket = new Ticket
        {
            CategoriaTicketId = demo.Mantenimiento, StatusId = demo.Nuevo, Contenido = "Hilo largo",
            CommunityId = demo.Robles, ResidentId = demo.Ana,
        };
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        var url = $"/api/comentarios/origen/ticket/{ticket.Id}";

        var empty = await factory.CountCommandsAsync(ana, url);
        Comentario? parent = null;
        for (var i = 0; i < 500; i++)
        {
            var comment = new Comentario
            {
                Origen = ComentarioOrigenes.Ticket, IdOrigen = ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ComentarioTexto = $"Respuesta {i}", AuthorUserId = anaUser, AuthorName = "Ana Pérez", AuthorRole = "RESIDENT",
                ResidentId = demo.Ana, CreatedAt = DateTime.UtcNow.AddSeconds(i), UpdatedAt = DateTime.UtcNow, Parent = i % 5 == 0 ? null : parent,
            };
            db.Comentarios.Add(comment);
            parent = comment;
        }

        await db.SaveChangesAsync();
        var full = await factory.CountCommandsAsync(ana, url);

        Assert.Equal(empty, full);
        Assert.InRange(full, 1, 3);
    }

}
