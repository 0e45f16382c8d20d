using CommunityPortal.Auth;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// Who hears about what: the ticket's owner, about a status change or a new comment, when someone
/// else did it. The ticket and comment services add the result to the same save as the change.
/// </summary>
public static class NotificationRules
{
    public static Notification? StatusChanged(CurrentUser actor, int ticketId, string residentUserId, string statusDescripcion, DateTime now) =>
        Create(actor, ticketId, residentUserId, NotificationKinds.StatusChanged, statusDescripcion, now);

    public static Notification? NewComment(CurrentUser actor, int ticketId, string residentUserId, string text, DateTime now) =>
        Create(actor, ticketId, residentUserId, NotificationKinds.NewComment, Excerpt(text), now);

    private static Notification? Create(CurrentUser actor, int ticketId, string residentUserId, string kind, string detail, DateTime now) =>
        string.IsNullOrEmpty(residentUserId) || actor.UserId == residentUserId
            ? null
            : new Notification
            {
                UserId = residentUserId,
                TicketId = ticketId,
                Kind = kind,
                ActorName = actor.DisplayName,
                Detail = detail.Length > Notification.DetailMaxLength ? detail[..Notification.DetailMaxLength] : detail,
                CreatedAt = now,
            };

    /// <summary>The comment's first line, cut to fit a one-line preview.</summary>
    private static string Excerpt(string text)
    {
        const int Max = 120;
        var firstLine = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "";
        return firstLine.Length <= Max ? firstLine : firstLine[..(Max - 1)].TrimEnd() + "…";
    }
}
