using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Statuses;

namespace CommunityPortal.Features.Tickets;

/// <summary>A problem reported by a resident. Deleting is soft: the row stays.</summary>
public class Ticket
{
    public const int ContenidoMaxLength = 4000;

    public int Id { get; set; }

    public int CategoriaTicketId { get; set; }

    public CategoriaTicket Categoria { get; set; } = null!;

    public int StatusId { get; set; }

    public StatusTicket Status { get; set; } = null!;

    /// <summary>When the problem was reported (UTC); never in the future.</summary>
    public DateTime FechaReporte { get; set; }

    public string? Contenido { get; set; }

    /// <summary>Contenido folded to lower case without accents, for search. Maintained by the DbContext.</summary>
    public string? ContenidoBusqueda { get; set; }

    /// <summary>Relative paths such as "uploads/tickets/12/9f3c.jpg"; only the server writes them.</summary>
    public List<string> ImageUrls { get; set; } = [];

    public int CommunityId { get; set; }

    public Community Community { get; set; } = null!;

    public int ResidentId { get; set; }

    public Resident Resident { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }

    /// <summary>Concurrency token, renewed by the DbContext on every change; the API's ETag.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<TicketHistory> History { get; set; } = [];
}
