using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// The signed-in user's notifications: only their own, and only about tickets they can still see.
/// Written by <see cref="NotificationRules"/> inside ticket and comment saves.
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    TicketEvents events)
{
    public const int DefaultTake = 10;

    public async Task<int> UnreadCountAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Mine(db, user).CountAsync(n => n.ReadAt == null, cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> notifications, read or not, newest first.</summary>
    public async Task<IReadOnlyList<NotificationDto>> LatestAsync(CurrentUser user, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Mine(db, user)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(Math.Clamp(take, 1, 50))
            .Select(n => new NotificationDto(n.Id, n.TicketId, n.TicketId, n.Kind, n.ActorName, n.Detail, n.CreatedAt, n.ReadAt != null))
            .ToListAsync(cancellationToken);
    }

    public async Task<ServiceResult> MarkReadAsync(CurrentUser user, int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notification = await Mine(db, user).Where(n => n.Id == id)
            .Select(n => new { n.TicketId, n.ReadAt }).FirstOrDefaultAsync(cancellationToken);
        if (notification is null)
        {
            return ServiceResult.NotFound;
        }

        if (notification.ReadAt is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Notifications.Where(n => n.Id == id && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
            PublishRead(user, notification.TicketId);
        }

        return ServiceResult.Ok;
    }

    /// <summary>Marks every unread notification of the user as read; returns how many were.</summary>
    public async Task<int> MarkAllReadAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = user.UserId;
        var count = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        if (count > 0)
        {
            PublishRead(user, 0);
        }

        return count;
    }

    private static IQueryable<Notification> Mine(AppDbContext db, CurrentUser user)
    {
        var userId = user.UserId;
        var visible = db.Tickets.VisibleTo(user);
        return db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId && visible.Any(t => t.Id == n.TicketId));
    }

    // Other tabs of the same user update their bell.
    private void PublishRead(CurrentUser user, int ticketId) =>
        events.Publish(new TicketEvent(TicketEventKind.NotificationsRead, ticketId, 0, 0, user.UserId, user.UserId));
}
