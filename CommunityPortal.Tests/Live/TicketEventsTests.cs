using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Live;

/// <summary>The services tell open circuits what they saved, through the in-process notifier.</summary>
public class TicketEventsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private TicketEvents Events => factory.Services.GetRequiredService<TicketEvents>();

    [Fact]
    public async Task A_ticket_subscriber_hears_about_a_status_change_with_the_ticket_owner_and_the_actor()
    {
        var (ana, gestor) = (await ServiceUsers.GetAsync(factory, "ana@demo.local"), await ServiceUsers.GetAsync(factory, "gestor@demo.local"));
        var ticket = await CreateTicketAsync(ana);
        var demo = await DemoData.LoadAsync(factory);
        var heard = new TaskCompletionSource<TicketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Events.SubscribeToTicket(ticket.Id, e =>
        {
            heard.TrySetResult(e);
            return Task.CompletedTask;
        });

        var result = await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.UpdateAsync(gestor, ticket.Id, new UpdateTicketRequest(null, demo.EnProceso, null, null), null, default));

        Assert.True(result.Succeeded);
        var e = await heard.Task.WaitAsync(Wait);
        Assert.Equal(TicketEventKind.StatusChanged, e.Kind);
        Assert.Equal(ticket.Id, e.TicketId);
        Assert.Equal(demo.Robles, e.CommunityId);
        Assert.Equal(gestor.CompanyId, e.CompanyId);
        Assert.Equal(ana.UserId, e.ResidentUserId);
        Assert.Equal(gestor.UserId, e.ActorUserId);
    }

    [Fact]
    public async Task Resident_and_ticket_subscribers_hear_about_a_new_comment_and_others_do_not()
    {
        var (ana, gestor, luis) = (await ServiceUsers.GetAsync(factory, "ana@demo.local"),
            await ServiceUsers.GetAsync(factory, "gestor@demo.local"), await ServiceUsers.GetAsync(factory, "luis@demo.local"));
        var ticket = await CreateTicketAsync(ana);
        var forTicket = new TaskCompletionSource<TicketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var forAna = new TaskCompletionSource<TicketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var luisHeard = 0;
        using var s1 = Events.SubscribeToTicket(ticket.Id, e => Complete(forTicket, e));
        using var s2 = Events.SubscribeToResident(ana.UserId, e => e.IsCommentEvent ? Complete(forAna, e) : Task.CompletedTask);
        using var s3 = Events.SubscribeToResident(luis.UserId, _ =>
        {
            Interlocked.Increment(ref luisHeard);
            return Task.CompletedTask;
        });

        var created = await UseAsync<CommentService, ServiceResult<ComentarioDto>>(s =>
            s.CreateAsync(gestor, new CreateComentarioRequest("ticket", ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Vamos mañana.", null), default));

        Assert.True(created.Succeeded);
        var e = await forTicket.Task.WaitAsync(Wait);
        Assert.Equal(TicketEventKind.CommentCreated, e.Kind);
        Assert.Equal(created.Value!.Id, e.CommentId);
        Assert.Equal(gestor.UserId, e.ActorUserId);
        Assert.Equal(TicketEventKind.CommentCreated, (await forAna.Task.WaitAsync(Wait)).Kind);
        await EveryDeliveryDoneAsync();
        Assert.Equal(0, luisHeard);
    }

    [Fact]
    public async Task A_throwing_subscriber_neither_breaks_the_save_nor_starves_the_other_subscribers()
    {
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var ticket = await CreateTicketAsync(ana);
        var heard = new TaskCompletionSource<TicketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var throwsAtOnce = Events.SubscribeToTicket(ticket.Id, _ => throw new InvalidOperationException("boom"));
        using var throwsLater = Events.SubscribeToTicket(ticket.Id, async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom later");
        });
        using var badFilter = Events.Subscribe(_ => Task.CompletedTask, _ => throw new InvalidOperationException("bad filter"));
        using var good = Events.SubscribeToTicket(ticket.Id, e => Complete(heard, e));

        var created = await UseAsync<CommentService, ServiceResult<ComentarioDto>>(s =>
            s.CreateAsync(ana, new CreateComentarioRequest("ticket", ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Sigue goteando.", null), default));

        Assert.True(created.Succeeded);
        Assert.Equal(TicketEventKind.CommentCreated, (await heard.Task.WaitAsync(Wait)).Kind);
        await using var db = factory.CreateDbContext();
        Assert.Contains(db.Comentarios, c => c.Id == created.Value!.Id);
    }

    [Fact]
    public async Task Disposing_a_subscription_stops_its_events()
    {
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var ticket = await CreateTicketAsync(ana);
        var count = 0;
        var before = Events.SubscriberCount;
        var subscription = Events.SubscribeToTicket(ticket.Id, _ =>
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        });
        Assert.Equal(before + 1, Events.SubscriberCount);

        subscription.Dispose();
        Assert.Equal(before, Events.SubscriberCount);
        var witnessHeard = new TaskCompletionSource<TicketEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var witness = Events.SubscribeToTicket(ticket.Id, e => Complete(witnessHeard, e));
        await UseAsync<CommentService, ServiceResult<ComentarioDto>>(s =>
            s.CreateAsync(ana, new CreateComentarioRequest("ticket", ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "Hola.", null), default));

        // The event went out (a live subscriber on the same ticket heard it) and every delivery is over.
        Assert.Equal(TicketEventKind.CommentCreated, (await witnessHeard.Task.WaitAsync(Wait)).Kind);
        await EveryDeliveryDoneAsync();
        Assert.Equal(0, count);
    }

    /// <summary>Every handler call handed out so far has finished: one that should not have happened would have by now.</summary>
    private async Task EveryDeliveryDoneAsync()
    {
        var deadline = DateTime.UtcNow + Wait;
        while (Events.PendingDeliveries != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Events.PendingDeliveries} ticket event deliveries still running after {Wait}.");
            await Task.Delay(10);
        }
    }

    private static Task Complete(TaskCompletionSource<TicketEvent> source, TicketEvent e)
    {
        source.TrySetResult(e);
        return Task.CompletedTask;
    }

    private async Task<TicketDto> CreateTicketAsync(CurrentUser owner)
    {
        var demo = await DemoData.LoadAsync(factory);
        var result = await UseAsync<TicketService, ServiceResult<TicketDto>>(s =>
            s.CreateAsync(owner, new CreateTicketRequest(demo.Mantenimiento, "Gotera en el techo del quincho.", null, null, null), default));
        return result.Value!;
    }

    private async Task<TResult> UseAsync<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
