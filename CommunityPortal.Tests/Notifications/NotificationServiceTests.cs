using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Notifications;

/// <summary>The ticket owner hears about what others do to their ticket, and only that. Each test makes its own ticket.</summary>
public class NotificationServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_status_change_by_the_administration_notifies_the_resident_with_the_new_status()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var demo = await DemoData.LoadAsync(factory);
        var before = await CallAsync(s => s.UnreadCountAsync(ana, default));

        var updated = await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.UpdateAsync(gestor, ticket.Id, new UpdateTicketRequest(null, demo.EnProceso, null, null), null, default));

        Assert.True(updated.Succeeded);
        Assert.Equal(before + 1, await CallAsync(s => s.UnreadCountAsync(ana, default)));
        var latest = (await CallAsync(s => s.LatestAsync(ana, 5, default)))[0];
        Assert.Equal(NotificationKinds.StatusChanged, latest.Kind);
        Assert.Equal(ticket.Id, latest.TicketId);
        Assert.Equal(ticket.Id, latest.TicketNumber);
        Assert.Equal("Gestor Demo", latest.ActorName);
        Assert.Equal("En proceso", latest.Detail);
        Assert.False(latest.IsRead);
        Assert.Equal(0, await CallAsync(s => s.UnreadCountAsync(gestor, default)));
    }

    [Fact]
    public async Task The_residents_own_comment_and_own_cancellation_notify_nobody()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        var demo = await DemoData.LoadAsync(factory);
        var (anaBefore, gestorBefore) = (await CallAsync(s => s.UnreadCountAsync(ana, default)), await CallAsync(s => s.UnreadCountAsync(gestor, default)));

        Assert.True((await CommentAsync(ana, ticket.Id, "Sigue goteando.")).Succeeded);
        Assert.True((await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.UpdateAsync(ana, ticket.Id, new UpdateTicketRequest(null, demo.Cancelado, null, null), null, default))).Succeeded);

        Assert.Equal(anaBefore, await CallAsync(s => s.UnreadCountAsync(ana, default)));
        Assert.Equal(gestorBefore, await CallAsync(s => s.UnreadCountAsync(gestor, default)));
    }

    [Fact]
    public async Task A_comment_by_the_administration_notifies_the_resident_with_its_first_line()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);

        Assert.True((await CommentAsync(gestor, ticket.Id, "Mañana va el técnico.\nLlevará repuestos.")).Succeeded);

        var latest = (await CallAsync(s => s.LatestAsync(ana, 5, default)))[0];
        Assert.Equal(NotificationKinds.NewComment, latest.Kind);
        Assert.Equal(ticket.Id, latest.TicketId);
        Assert.Equal("Mañana va el técnico.", latest.Detail);
        Assert.False(latest.IsRead);
    }

    [Fact]
    public async Task Marking_one_read_lowers_the_count_and_another_user_cannot_mark_it()
    {
        var (ana, gestor) = await UsersAsync();
        var luis = await ServiceUsers.GetAsync(factory, "luis@demo.local");
        var ticket = await CreateTicketAsync(ana);
        await CommentAsync(gestor, ticket.Id, "Primero.");
        await CommentAsync(gestor, ticket.Id, "Segundo.");
        var count = await CallAsync(s => s.UnreadCountAsync(ana, default));
        var newest = (await CallAsync(s => s.LatestAsync(ana, 5, default)))[0];

        Assert.Equal(ServiceError.NotFound, (await CallAsync(s => s.MarkReadAsync(luis, newest.Id, default))).Error);
        Assert.Equal(ServiceError.NotFound, (await CallAsync(s => s.MarkReadAsync(gestor, newest.Id, default))).Error);
        Assert.Equal(count, await CallAsync(s => s.UnreadCountAsync(ana, default)));

        Assert.True((await CallAsync(s => s.MarkReadAsync(ana, newest.Id, default))).Succeeded);
        Assert.True((await CallAsync(s => s.MarkReadAsync(ana, newest.Id, default))).Succeeded);

        Assert.Equal(count - 1, await CallAsync(s => s.UnreadCountAsync(ana, default)));
        var list = await CallAsync(s => s.LatestAsync(ana, 5, default));
        Assert.True(list.Single(n => n.Id == newest.Id).IsRead);
        Assert.Contains(list, n => !n.IsRead);
    }

    [Fact]
    public async Task Mark_all_read_clears_the_count_and_the_notifications_stay_in_the_list()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        await CommentAsync(gestor, ticket.Id, "Uno.");
        await CommentAsync(gestor, ticket.Id, "Dos.");

        Assert.True(await CallAsync(s => s.MarkAllReadAsync(ana, default)) >= 2);

        Assert.Equal(0, await CallAsync(s => s.UnreadCountAsync(ana, default)));
        Assert.All(await CallAsync(s => s.LatestAsync(ana, 50, default)), n => Assert.True(n.IsRead));
        Assert.Equal(0, await CallAsync(s => s.MarkAllReadAsync(ana, default)));
    }

    [Fact]
    public async Task A_deleted_tickets_notifications_are_no_longer_counted()
    {
        var (ana, gestor) = await UsersAsync();
        var ticket = await CreateTicketAsync(ana);
        await CommentAsync(gestor, ticket.Id, "Lo revisamos.");
        var count = await CallAsync(s => s.UnreadCountAsync(ana, default));

        Assert.True((await UseAsync<TicketService, ServiceResult>(s => s.DeleteAsync(gestor, ticket.Id, null, default))).Succeeded);

        Assert.Equal(count - 1, await CallAsync(s => s.UnreadCountAsync(ana, default)));
        Assert.DoesNotContain(await CallAsync(s => s.LatestAsync(ana, 50, default)), n => n.TicketId == ticket.Id);
    }

    private async Task<(CurrentUser Ana, CurrentUser Gestor)> UsersAsync() =>
        (await ServiceUsers.GetAsync(factory, "ana@demo.local"), await ServiceUsers.GetAsync(factory, "gestor@demo.local"));

    private Task<ServiceResult<ComentarioDto>> CommentAsync(CurrentUser author, int ticketId, string text) =>
        UseAsync<CommentService, ServiceResult<ComentarioDto>>(s =>
            s.CreateAsync(author, new CreateComentarioRequest("ticket", ticketId.ToString(CultureInfo.InvariantCulture), text, null), default));

    private async Task<TicketDto> CreateTicketAsync(CurrentUser owner)
    {
        var demo = await DemoData.LoadAsync(factory);
        var result = await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.CreateAsync(owner, new CreateTicketRequest(demo.Mantenimiento, "Se cortó la luz del pasillo.", null, null, null), default));
        return result.Value!;
    }

    private Task<T> CallAsync<T>(Func<NotificationService, Task<T>> call) => UseAsync(call);

    private async Task<TResult> UseAsync<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
