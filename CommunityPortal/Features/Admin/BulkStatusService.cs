using CommunityPortal.Auth;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;

namespace CommunityPortal.Features.Admin;

/// <summary>A ticket picked in the grid, with the ETag it had when the grid showed it.</summary>
public sealed record BulkTicketRef(int Id, string? ETag);

public sealed record BulkStatusFailure(int TicketId, ServiceError Error);

public sealed record BulkStatusResult(IReadOnlyList<int> Changed, IReadOnlyList<int> Unchanged, IReadOnlyList<BulkStatusFailure> Failed);

/// <summary>
/// "Change the status of these tickets": one <see cref="TicketService.UpdateAsync"/> per ticket, so every
/// rule (scope, history, concurrency token) is the single one the API applies. A ticket changed by someone
/// else since the grid loaded it fails with <see cref="ServiceError.PreconditionFailed"/> instead of being overwritten.
/// </summary>
public sealed class BulkStatusService(TicketService tickets)
{
    public async Task<BulkStatusResult> ChangeStatusAsync(
        CurrentUser user, IReadOnlyCollection<BulkTicketRef> selection, int statusId, CancellationToken ct)
    {
        var changed = new List<int>();
        var unchanged = new List<int>();
        var failed = new List<BulkStatusFailure>();
        foreach (var ticket in selection.OrderBy(t => t.Id))
        {
            var result = await tickets.UpdateAsync(user, ticket.Id, new UpdateTicketRequest(null, statusId, null, null), ticket.ETag, ct);
            if (!result.Succeeded)
            {
                failed.Add(new BulkStatusFailure(ticket.Id, result.Error));
            }
            else if (result.Value!.ETag == ticket.ETag)
            {
                // Already in that status: nothing was written.
                unchanged.Add(ticket.Id);
            }
            else
            {
                changed.Add(ticket.Id);
            }
        }

        return new BulkStatusResult(changed, unchanged, failed);
    }
}
