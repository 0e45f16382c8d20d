using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace CommunityPortal.Features.Tickets;

public sealed record CategoriaRefDto(int Id, string Nombre);

public sealed record StatusRefDto(int Id, string Code, string Descripcion, string Color);

/// <summary>A ticket as the contract shows it. <see cref="Version"/> is the ETag, not part of the JSON.</summary>
public sealed record TicketDto(
    int Id,
    int CategoriaTicketId,
    CategoriaRefDto Categoria,
    int StatusId,
    StatusRefDto Status,
    DateTime FechaReporte,
    string? Contenido,
    IReadOnlyList<string> ImageUrls,
    int CommunityId,
    string CommunityName,
    int ResidentId,
    string ResidentName,
    string Unit,
    int CommentCount,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonIgnore] Guid Version,
    [property: JsonIgnore] bool StatusEsFinal,
    [property: JsonIgnore] int CompanyId)
{
    [JsonIgnore]
    public string ETag => $"\"{Version:N}\"";

    /// <summary>What the reader may do to this ticket; set on single-ticket reads (<see cref="TicketQueries.GetAsync"/>).</summary>
    [JsonIgnore]
    public TicketPermissions Can { get; init; } = TicketPermissions.None;
}

/// <summary>
/// What the caller may do to one ticket, answered by <see cref="TicketQueries.PermissionsFor"/> from the predicates its
/// updates enforce, so pages read it instead of re-deriving the rules.
/// </summary>
/// <param name="CanEdit">Change the text, category (and photos): not once the report is frozen for the caller.</param>
/// <param name="CanCancel">Withdraw it as its resident (administrators who manage it change its status instead).</param>
public sealed record TicketPermissions(bool CanEdit, bool CanCancel)
{
    public static readonly TicketPermissions None = new(false, false);
}

public sealed record TicketHistoryDto(
    DateTime At, string UserName, string Action, int? FromStatusId, int? ToStatusId, string? Detail);

/// <summary>POST /api/tickets. <c>imageUrls</c> in the body is ignored: only uploads write them.</summary>
public sealed record CreateTicketRequest(
    [property: Range(1, int.MaxValue)] int CategoriaTicketId,
    [property: StringLength(Ticket.ContenidoMaxLength)] string? Contenido,
    DateTime? FechaReporte,
    int? ResidentId,
    int? CommunityId);

/// <summary>PUT /api/tickets/{id}: omitted (null) fields stay as they are.</summary>
public sealed record UpdateTicketRequest(
    int? CategoriaTicketId,
    int? StatusId,
    [property: StringLength(Ticket.ContenidoMaxLength)] string? Contenido,
    DateTime? FechaReporte);

/// <summary>
/// The administrator's card on the ticket page: status and category (null = unchanged) and an optional
/// public note, posted in the thread as a comment by the administration. Saved together or not at all.
/// </summary>
public sealed record ManageTicketRequest(int? StatusId, int? CategoriaTicketId, string? Note);

/// <summary>How to reach the resident who reported a ticket: for the administrators who manage it only.</summary>
public sealed record ResidentContactDto(int ResidentId, string FullName, string Unit, string CommunityName, string? Phone, string? Email);

/// <summary>Filters, sort and page of every ticket list (query string).</summary>
public sealed record TicketListQuery
{
    public int? StatusId { get; init; }

    /// <summary>Any of these statuses (the admin grid's multi-select); combines with <see cref="StatusId"/>.</summary>
    public int[]? StatusIds { get; init; }

    public int? CategoriaTicketId { get; init; }
    public int? CommunityId { get; init; }
    public int? ResidentId { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Q { get; init; }

    /// <summary>fechaReporte, -fechaReporte (default), updatedAt, -updatedAt, statusId, -statusId.</summary>
    public string? Sort { get; init; }

    public int? Page { get; init; }
    public int? PageSize { get; init; }
}

public static class TicketSorts
{
    public const string Default = "-fechaReporte";

    public static readonly IReadOnlyList<string> All = ["fechaReporte", "-fechaReporte", "updatedAt", "-updatedAt", "statusId", "-statusId"];
}

/// <summary>One line of the CSV export: what a manager reads in a spreadsheet, nothing more.</summary>
public sealed record TicketExportRow(
    int Id,
    DateTime FechaReporte,
    string Estado,
    string Categoria,
    string Comunidad,
    string Residente,
    string Unidad,
    int Comentarios,
    string? Descripcion);
