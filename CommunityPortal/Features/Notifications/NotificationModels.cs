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
