using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityPortal.Features.Email;

/// <summary>Wakes the sender when a message was queued on this node, so it does not wait for its next poll.</summary>
public sealed class EmailSignal
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every message saved before the sender looks.
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => wake.WaitAsync(cancellationToken);
}

/// <summary>
/// Wakes the sender after a save that wrote outbox rows: after the commit, so the sender finds them. A save of another
/// node reaches this one's sender at its next poll.
/// </summary>
public sealed class EmailQueuedInterceptor(EmailSignal signal) : SaveChangesInterceptor
{
    private static readonly object Marker = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Signal(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Signal(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }
    }

    private void Note(DbContext? context)
    {
        if (context is AppDbContext && context.ChangeTracker.Entries<OutgoingEmail>().Any(e => e.State == EntityState.Added))
        {
            pending.AddOrUpdate(context, Marker);
        }
    }

    private void Signal(DbContext? context)
    {
        if (context is not null && pending.Remove(context))
        {
            signal.Wake();
        }
    }
}
