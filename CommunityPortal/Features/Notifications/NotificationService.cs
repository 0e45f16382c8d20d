using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Email;
using CommunityPortal.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// The signed-in user's notifications: only their own, and only about tickets they can still see.
/// Written by <see cref="NotificationRules"/> inside ticket and comment saves.
/// </summary>
public sealed class NotificationService(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    TicketEvents events,
    IStringLocalizer<SharedResource> l)
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

    /// <summary>
    /// GET /api/notifications: the caller's own, newest first, one page, with the text in the caller's e-mail language
    /// (<see cref="NotificationPreferences.Language"/>), since an API client has no culture cookie.
    /// </summary>
    public async Task<ServiceResult<PagedResult<NotificationApiDto>>> ListAsync(
        CurrentUser user, bool unreadOnly, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Validate(page, pageSize) is { } errors)
        {
            return new ServiceResult<PagedResult<NotificationApiDto>>(ServiceError.Invalid, Errors: errors);
        }

        var (pageNumber, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = Mine(db, user);
        if (unreadOnly)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).TakePage(pageNumber, size)
            .Select(n => new { n.Id, n.Kind, n.TicketId, n.ActorName, n.Detail, n.CreatedAt, n.ReadAt })
            .ToListAsync(cancellationToken);
        var language = await NotificationPreferenceService.LanguageAsync(db, user.UserId, cancellationToken);
        var items = NotificationMail.InCulture(language, () => rows.Select(n => n.Kind == NotificationKinds.StatusChanged
                ? new NotificationApiDto(n.Id, NotificationApiKinds.StatusChanged, n.TicketId, null, null,
                    l["Notifications.StatusChanged", n.ActorName, n.Detail], n.CreatedAt, n.ReadAt)
                : new NotificationApiDto(n.Id, NotificationApiKinds.CommentAdded, n.TicketId, ComentarioOrigenes.Ticket,
                    n.TicketId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    l["Notifications.NewComment", n.ActorName, n.Detail], n.CreatedAt, n.ReadAt))
            .ToList());
        return new PagedResult<NotificationApiDto>(items, total, pageNumber, size);
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
