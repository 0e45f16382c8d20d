using CommunityPortal.Features.Tickets;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// Something a resident has not seen yet about one of their tickets. The text is rendered from
/// <see cref="Kind"/> and its parameters when shown, so it follows the reader's language.
/// </summary>
public class Notification
{
    public const int DetailMaxLength = 200;

    public int Id { get; set; }

    /// <summary>Who is notified: the ticket owner's user id.</summary>
    public string UserId { get; set; } = "";

    public int TicketId { get; set; }

    public Ticket Ticket { get; set; } = null!;

    /// <summary><see cref="NotificationKinds.StatusChanged"/> or <see cref="NotificationKinds.NewComment"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Display name of whoever caused it.</summary>
    public string ActorName { get; set; } = "";

    /// <summary>The new status's description, or the start of the comment.</summary>
    public string Detail { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? ReadAt { get; set; }
}

public static class NotificationKinds
{
    public const string StatusChanged = "statusChanged";
    public const string NewComment = "newComment";
}
