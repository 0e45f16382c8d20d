namespace CommunityPortal.Features.Tickets;

/// <summary>How a ticket's text is shortened for lists.</summary>
public static class TicketText
{
    /// <summary>The first non-empty line of the description, or null when there is none.</summary>
    public static string? FirstLine(string? contenido) =>
        contenido?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);
}
