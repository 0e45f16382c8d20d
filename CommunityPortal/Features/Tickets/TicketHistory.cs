namespace CommunityPortal.Features.Tickets;

/// <summary>One change to a ticket: who, when, what, and from → to for status changes.</summary>
public class TicketHistory
{
    public int Id { get; set; }

    public int TicketId { get; set; }

    public Ticket Ticket { get; set; } = null!;

    public DateTime At { get; set; }

    public string? UserId { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>One of <see cref="TicketHistoryActions"/>.</summary>
    public string Action { get; set; } = "";

    public int? FromStatusId { get; set; }

    public int? ToStatusId { get; set; }

    public string? Detail { get; set; }
}

public static class TicketHistoryActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string StatusChanged = "statusChanged";
    public const string ImageAdded = "imageAdded";
    public const string ImageRemoved = "imageRemoved";
    public const string Deleted = "deleted";
}
