namespace CommunityPortal.Features.Notifications;

/// <summary>A notification as the bell shows it; <see cref="TicketNumber"/> is what residents call "#12".</summary>
public sealed record NotificationDto(
    int Id,
    int TicketId,
    int TicketNumber,
    string Kind,
    string ActorName,
    string Detail,
    DateTime CreatedAt,
    bool IsRead);

/// <summary>A notification as the REST API gives it (contract: notification JSON); <see cref="Text"/> in the caller's language.</summary>
public sealed record NotificationApiDto(
    int Id,
    string Kind,
    int? TicketId,
    string? Origen,
    string? IdOrigen,
    string Text,
    DateTime CreatedAt,
    DateTime? ReadAt);

/// <summary>The contract's kinds; the bell's <see cref="NotificationKinds"/> map onto the first two.</summary>
public static class NotificationApiKinds
{
    public const string StatusChanged = "status_changed";
    public const string CommentAdded = "comment_added";
    public const string TicketCreated = "ticket_created";
}
