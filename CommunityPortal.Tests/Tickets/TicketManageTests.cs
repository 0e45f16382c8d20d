using System.Collections.Concurrent;
using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// The administrator's card on the ticket page through <see cref="TicketService.ManageAsync"/> (status, category and a
/// public note saved together) and the resident's contact details. Each test works on a fresh ticket of ana's.
/// </summary>
public class TicketManageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Note = "Enviamos al técnico el jueves entre las 9:00 y las 12:00.";

    [Fact]
    public async Task Gestor_sets_en_proceso_with_a_note_the_note_is_an_administration_comment_and_both_are_published()
    {
        var demo = await DemoData.LoadAsync(factory);
        var (ana, gestor) = (await UserAsync("ana@demo.local"), await UserAsync("gestor@demo.local"));
        var ticket = await CreateAnaTicketAsync();
        var events = new ConcurrentQueue<TicketEvent>();
        using var subscription = factory.Services.GetRequiredService<TicketEvents>()
            .SubscribeToTicket(ticket.Id, e => { events.Enqueue(e); return Task.CompletedTask; });

        var result = await UseAsync(s => s.ManageAsync(gestor, ticket.Id, new ManageTicketRequest(demo.EnProceso, null, $"  {Note}  "), ticket.ETag, default));

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal("EN_PROCESO", result.Value!.Status.Code);
        Assert.NotEqual(ticket.ETag, result.Value.ETag);
        Assert.Equal(1, result.Value.CommentCount);

        // The note reads, for ana, as a top-level comment by the administration.
        var thread = await CommentsAsync(ana, ticket.Id);
        var posted = Assert.Single(thread);
        Assert.Equal(Note, posted.ComentarioTexto);
        Assert.Equal("Gestor Demo", posted.AuthorName);
        Assert.Equal(Roles.AdminCompany, posted.AuthorRole);
        Assert.Null(posted.ResidentId);
        Assert.Null(posted.IdComment);

        // History records the status change as any other, at the same moment as the note.
        var history = (await ReadAsync(s => s.GetHistoryAsync(ana, ticket.Id, default))).Value!;
        var change = Assert.Single(history, h => h.Action == TicketHistoryActions.StatusChanged);
        Assert.Equal((demo.Nuevo, demo.EnProceso, "Gestor Demo"), (change.FromStatusId!.Value, change.ToStatusId!.Value, change.UserName));
        Assert.Equal(posted.CreatedAt, change.At);

        // Ana hears about both, and open pages of the ticket get both events.
        await using (var db = factory.CreateDbContext())
        {
            var kinds = await db.Notifications.Where(n => n.TicketId == ticket.Id).Select(n => n.Kind).ToListAsync();
            Assert.Equal([NotificationKinds.NewComment, NotificationKinds.StatusChanged], kinds.Order());
        }

        await WaitUntilAsync(() => events.Count >= 2);
        Assert.Equal([TicketEventKind.StatusChanged, TicketEventKind.CommentCreated], events.Select(e => e.Kind).Order());
        Assert.Equal(posted.Id, events.Single(e => e.Kind == TicketEventKind.CommentCreated).CommentId);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_nothing_is_written()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var admin = await UserAsync("admin@demo.local");
        var seen = await CreateAnaTicketAsync();
        // Someone else moves it after the gestor's page read it.
        var moved = await UseAsync(s => s.UpdateAsync(admin, seen.Id, new UpdateTicketRequest(null, demo.EnRevision, null, null), null, default));
        Assert.True(moved.Succeeded);
        var before = await SnapshotAsync(seen.Id);

        var status = await UseAsync(s => s.ManageAsync(gestor, seen.Id, new ManageTicketRequest(demo.EnProceso, null, Note), seen.ETag, default));
        var category = await UseAsync(s => s.ManageAsync(gestor, seen.Id, new ManageTicketRequest(null, demo.Seguridad, null), seen.ETag, default));
        var noteOnly = await UseAsync(s => s.ManageAsync(gestor, seen.Id, new ManageTicketRequest(null, null, Note), seen.ETag, default));

        Assert.Equal(ServiceError.PreconditionFailed, status.Error);
        Assert.Equal(ServiceError.PreconditionFailed, category.Error);
        Assert.Equal(ServiceError.PreconditionFailed, noteOnly.Error);
        Assert.Equal(before, await SnapshotAsync(seen.Id));
        Assert.Equal(demo.EnRevision, before.StatusId);
    }

    [Fact]
    public async Task Gestor_norte_gets_not_found_for_a_los_robles_ticket_and_nothing_changes()
    {
        var demo = await DemoData.LoadAsync(factory);
        var norte = await UserAsync("gestor.norte@demo.local");
        var ticket = await CreateAnaTicketAsync();
        var before = await SnapshotAsync(ticket.Id);

        var withETag = await UseAsync(s => s.ManageAsync(norte, ticket.Id, new ManageTicketRequest(demo.EnProceso, demo.Seguridad, Note), ticket.ETag, default));
        var withoutETag = await UseAsync(s => s.ManageAsync(norte, ticket.Id, new ManageTicketRequest(demo.Resuelto, null, Note), null, default));
        var contact = await ReadAsync(s => s.GetResidentContactAsync(norte, ticket.Id, default));

        Assert.Equal(ServiceError.NotFound, withETag.Error);
        Assert.Equal(ServiceError.NotFound, withoutETag.Error);
        Assert.Equal(ServiceError.NotFound, contact.Error);
        Assert.Null(contact.Value);
        Assert.Equal(before, await SnapshotAsync(ticket.Id));
    }

    [Fact]
    public async Task Residents_cannot_use_it_the_owner_is_forbidden_and_a_neighbour_gets_not_found()
    {
        var demo = await DemoData.LoadAsync(factory);
        var (ana, luis) = (await UserAsync("ana@demo.local"), await UserAsync("luis@demo.local"));
        var ticket = await CreateAnaTicketAsync();
        var before = await SnapshotAsync(ticket.Id);

        // Even the one status change a resident may make (withdrawing it) is not done through the administrators' card.
        var owner = await UseAsync(s => s.ManageAsync(ana, ticket.Id, new ManageTicketRequest(demo.Cancelado, null, Note), ticket.ETag, default));
        var ownerNote = await UseAsync(s => s.ManageAsync(ana, ticket.Id, new ManageTicketRequest(null, null, Note), null, default));
        var neighbour = await UseAsync(s => s.ManageAsync(luis, ticket.Id, new ManageTicketRequest(demo.EnProceso, null, Note), null, default));

        Assert.Equal(ServiceError.Forbidden, owner.Error);
        Assert.Equal(ServiceError.Forbidden, ownerNote.Error);
        Assert.Equal(ServiceError.NotFound, neighbour.Error);
        Assert.Equal(before, await SnapshotAsync(ticket.Id));
        Assert.Equal(ServiceError.Forbidden, (await ReadAsync(s => s.GetResidentContactAsync(ana, ticket.Id, default))).Error);
    }

    [Fact]
    public async Task A_bad_note_or_an_inactive_category_is_refused_with_the_field_named_and_nothing_is_written()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var ticket = await CreateAnaTicketAsync();
        int inactive;
        await using (var db = factory.CreateDbContext())
        {
            var retired = new Features.Categories.CategoriaTicket { Nombre = "Retirada " + Guid.NewGuid().ToString("N")[..6], Activo = false, Orden = 90 };
            db.Categorias.Add(retired);
            await db.SaveChangesAsync();
            inactive = retired.Id;
        }

        var before = await SnapshotAsync(ticket.Id);

        var tooLong = await UseAsync(s => s.ManageAsync(gestor, ticket.Id, new ManageTicketRequest(demo.EnProceso, null, new string('a', 4001)), ticket.ETag, default));
        var retiredCategory = await UseAsync(s => s.ManageAsync(gestor, ticket.Id, new ManageTicketRequest(demo.EnProceso, inactive, Note), ticket.ETag, default));

        Assert.Equal(ServiceError.Invalid, tooLong.Error);
        Assert.StartsWith("El comentario puede tener como máximo 4", Assert.Single(tooLong.Errors!["note"]), StringComparison.Ordinal);
        Assert.Equal(ServiceError.Invalid, retiredCategory.Error);
        Assert.True(retiredCategory.Errors!.ContainsKey("categoriaTicketId"));
        Assert.Equal(before, await SnapshotAsync(ticket.Id));
    }

    [Fact]
    public async Task The_category_changes_with_a_history_entry_and_a_blank_note_posts_nothing()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await UserAsync("gestor@demo.local");
        var ticket = await CreateAnaTicketAsync();

        var result = await UseAsync(s => s.ManageAsync(gestor, ticket.Id, new ManageTicketRequest(ticket.StatusId, demo.Seguridad, "   "), ticket.ETag, default));

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal("Seguridad", result.Value!.Categoria.Nombre);
        Assert.Equal("NUEVO", result.Value.Status.Code);
        Assert.Empty(await CommentsAsync(gestor, ticket.Id));
        var history = (await ReadAsync(s => s.GetHistoryAsync(gestor, ticket.Id, default))).Value!;
        Assert.Contains(history, h => h.Action == TicketHistoryActions.Updated && h.Detail == "categoria: Mantenimiento → Seguridad");
        Assert.DoesNotContain(history, h => h.Action == TicketHistoryActions.StatusChanged);
    }

    [Fact]
    public async Task System_admin_may_manage_any_company_s_ticket()
    {
        var demo = await DemoData.LoadAsync(factory);
        var admin = await UserAsync("admin@demo.local");
        var ticket = await CreateAnaTicketAsync();

        var result = await UseAsync(s => s.ManageAsync(admin, ticket.Id, new ManageTicketRequest(demo.Resuelto, null, Note), ticket.ETag, default));

        Assert.True(result.Succeeded, result.Error.ToString());
        Assert.Equal("RESUELTO", result.Value!.Status.Code);
        Assert.Equal(Roles.SystemAdmin, Assert.Single(await CommentsAsync(admin, ticket.Id)).AuthorRole);
    }

    [Fact]
    public async Task The_contact_panel_data_is_the_reporting_resident_s_for_the_administrators_in_scope()
    {
        var gestor = await UserAsync("gestor@demo.local");
        var admin = await UserAsync("admin@demo.local");
        var ticket = await CreateAnaTicketAsync();

        var forGestor = await ReadAsync(s => s.GetResidentContactAsync(gestor, ticket.Id, default));
        var forAdmin = await ReadAsync(s => s.GetResidentContactAsync(admin, ticket.Id, default));
        var missing = await ReadAsync(s => s.GetResidentContactAsync(gestor, int.MaxValue, default));

        Assert.True(forGestor.Succeeded, forGestor.Error.ToString());
        Assert.Equal(("Ana Pérez", "Casa 12", "Residencial Los Robles", "+56 9 5555 1212", "ana@demo.local"),
            (forGestor.Value!.FullName, forGestor.Value.Unit, forGestor.Value.CommunityName, forGestor.Value.Phone, forGestor.Value.Email));
        Assert.Equal(ticket.ResidentId, forGestor.Value.ResidentId);
        Assert.Equal(forGestor.Value, forAdmin.Value);
        Assert.Equal(ServiceError.NotFound, missing.Error);
    }

    /// <summary>What the operation could have written: the ticket row, its history, its thread and ana's notifications.</summary>
    private sealed record Snapshot(int StatusId, int CategoriaTicketId, Guid Version, int History, int Comments, int Notifications);

    private async Task<Snapshot> SnapshotAsync(int ticketId)
    {
        await using var db = factory.CreateDbContext();
        var key = ticketId.ToString(CultureInfo.InvariantCulture);
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticketId);
        return new Snapshot(
            ticket.StatusId, ticket.CategoriaTicketId, ticket.Version,
            await db.TicketHistory.CountAsync(h => h.TicketId == ticketId),
            await db.Comentarios.CountAsync(c => c.Origen == ComentarioOrigenes.Ticket && c.IdOrigen == key),
            await db.Notifications.CountAsync(n => n.TicketId == ticketId));
    }

    private async Task<TicketDto> CreateAnaTicketAsync()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ana = await UserAsync("ana@demo.local");
        var created = await UseAsync(s => s.CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, "El grifo del quincho gotea.", null, null, null), default));
        Assert.True(created.Succeeded, created.Error.ToString());
        return created.Value!;
    }

    private async Task<IReadOnlyList<ComentarioDto>> CommentsAsync(CurrentUser user, int ticketId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CommentService>()
            .ListAsync(user, ComentarioOrigenes.Ticket, ticketId.ToString(CultureInfo.InvariantCulture), default);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!;
    }

    private Task<CurrentUser> UserAsync(string email) => ServiceUsers.GetAsync(factory, email);

    private async Task<T> UseAsync<T>(Func<TicketService, Task<T>> call)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TicketService>());
    }

    private async Task<T> ReadAsync<T>(Func<TicketQueries, Task<T>> call)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TicketQueries>());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
