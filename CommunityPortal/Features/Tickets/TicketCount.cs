namespace CommunityPortal.Features.Tickets;

/// <summary>
/// How many live (not soft-deleted) tickets a community holds in a status: one row per pair that has had any.
/// SQLite triggers on Tickets keep it (migration TicketCounters), so an administrator's list answers its exact
/// X-Total-Count without visiting every ticket; the app only reads it (keyless, never tracked or saved).
/// </summary>
public sealed class TicketCount
{
    public int CommunityId { get; private set; }

    public int StatusId { get; private set; }

    public int Count { get; private set; }
}
