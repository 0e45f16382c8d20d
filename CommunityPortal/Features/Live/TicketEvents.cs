namespace CommunityPortal.Features.Live;

/// <summary>What happened to a ticket (or its thread, or its owner's notifications).</summary>
public enum TicketEventKind
{
    TicketCreated,
    TicketUpdated,
    StatusChanged,
    TicketDeleted,
    CommentCreated,
    CommentEdited,
    CommentDeleted,

    /// <summary>The resident read notifications (in some tab); <see cref="TicketEvent.TicketId"/> is 0 for "all".</summary>
    NotificationsRead,
}

/// <summary>
/// A change that was saved. Carries only ids: a subscriber reloads through the services, so what
/// it shows is always filtered by its own user's access rules.
/// </summary>
/// <param name="ResidentUserId">The ticket owner's user id (who gets notified).</param>
/// <param name="ActorUserId">Who made the change.</param>
public sealed record TicketEvent(
    TicketEventKind Kind,
    int TicketId,
    int CommunityId,
    int CompanyId,
    string ResidentUserId,
    string ActorUserId,
    int? CommentId = null)
{
    public bool IsCommentEvent => Kind is TicketEventKind.CommentCreated or TicketEventKind.CommentEdited or TicketEventKind.CommentDeleted;
}

/// <summary>
/// In-process notifier (a singleton) that lets open circuits react to saved changes instead of polling
/// the database. Services publish after a successful save; components subscribe and unsubscribe on dispose:
/// <code>
/// // Ticket page (status, description, thread of one ticket):
/// subscription = TicketEvents.SubscribeToTicket(TicketId, e => InvokeAsync(ReloadAsync));
/// // "Mis tickets" list and the bell (everything about the signed-in resident's tickets):
/// subscription = TicketEvents.SubscribeToResident(user.UserId, e => InvokeAsync(ReloadAsync));
/// ...
/// public void Dispose() => subscription?.Dispose();
/// </code>
/// Handlers run on the thread pool, never inside the publisher's save, with the subscriber's own
/// execution context (culture, circuit) as captured when it subscribed. A handler that throws is
/// logged and ignored; it never breaks the save nor other subscribers. Only one server process is
/// covered: a scale-out would put a backplane behind this same API.
/// </summary>
public sealed class TicketEvents(ILogger<TicketEvents> logger)
{
    private readonly Lock gate = new();
    private Subscription[] subscriptions = [];
    private int pendingDeliveries;

    /// <summary>Every event that passes <paramref name="filter"/> (all of them when null).</summary>
    public IDisposable Subscribe(Func<TicketEvent, Task> handler, Func<TicketEvent, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler, filter, ExecutionContext.Capture());
        lock (gate)
        {
            subscriptions = [.. subscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>Anything about one ticket: its status, edits, deletion and its comments.</summary>
    public IDisposable SubscribeToTicket(int ticketId, Func<TicketEvent, Task> handler) =>
        Subscribe(handler, e => e.TicketId == ticketId);

    /// <summary>Anything about the tickets a resident owns, and their notifications being read.</summary>
    public IDisposable SubscribeToResident(string userId, Func<TicketEvent, Task> handler) =>
        Subscribe(handler, e => e.ResidentUserId == userId);

    /// <summary>Hands the event to each matching subscriber and returns at once.</summary>
    public void Publish(TicketEvent ticketEvent)
    {
        ArgumentNullException.ThrowIfNull(ticketEvent);
        foreach (var subscription in Volatile.Read(ref subscriptions))
        {
            bool matches;
            try
            {
                matches = subscription.Filter?.Invoke(ticketEvent) ?? true;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A ticket event filter failed for {Kind} on ticket {TicketId}", ticketEvent.Kind, ticketEvent.TicketId);
                continue;
            }

            if (matches)
            {
                // The publisher's context (its culture, its circuit) must not leak into the subscriber's handler.
                Interlocked.Increment(ref pendingDeliveries);
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(() => DeliverAsync(subscription, ticketEvent));
                }
            }
        }
    }

    /// <summary>Number of live subscriptions (diagnostics and tests).</summary>
    public int SubscriberCount => Volatile.Read(ref subscriptions).Length;

    /// <summary>
    /// Handler calls handed out by <see cref="Publish"/> and not finished yet (diagnostics and tests: once it is back to 0,
    /// every subscriber that matched an earlier event has run, so "nobody else heard it" can be checked without waiting a guess).
    /// </summary>
    public int PendingDeliveries => Volatile.Read(ref pendingDeliveries);

    private async Task DeliverAsync(Subscription subscription, TicketEvent ticketEvent)
    {
        try
        {
            if (subscription.IsDisposed)
            {
                return;
            }

            Task? task = null;
            if (subscription.Context is { } context)
            {
                ExecutionContext.Run(context, _ => task = subscription.Handler(ticketEvent), null);
            }
            else
            {
                task = subscription.Handler(ticketEvent);
            }

            if (task is not null)
            {
                await task;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A ticket event subscriber failed for {Kind} on ticket {TicketId}", ticketEvent.Kind, ticketEvent.TicketId);
        }
        finally
        {
            Interlocked.Decrement(ref pendingDeliveries);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            subscriptions = [.. subscriptions.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private sealed class Subscription(
        TicketEvents owner, Func<TicketEvent, Task> handler, Func<TicketEvent, bool>? filter, ExecutionContext? context) : IDisposable
    {
        private int disposed;

        public Func<TicketEvent, Task> Handler => handler;

        public Func<TicketEvent, bool>? Filter => filter;

        public ExecutionContext? Context => context;

        public bool IsDisposed => Volatile.Read(ref disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
