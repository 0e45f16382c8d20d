using System.ComponentModel.DataAnnotations;

namespace CommunityPortal.Features.Categories;

public sealed record CategoriaDto(int Id, string Nombre, string? Descripcion, bool Activo, int Orden);

/// <summary><c>POST /api/categoriaticket</c>; a missing <c>orden</c> puts the category last.</summary>
public sealed record CreateCategoriaRequest(
    [property: Required, StringLength(CategoriaTicket.NombreMaxLength)] string Nombre,
    [property: StringLength(CategoriaTicket.DescripcionMaxLength)] string? Descripcion,
    int? Orden);

/// <summary>
/// <c>PUT /api/categoriaticket/{id}</c>: replaces every editable field. <c>activo</c> and <c>orden</c> are
/// required: a client that leaves them out must not silently deactivate or reorder the category.
/// </summary>
public sealed record UpdateCategoriaRequest(
    [property: Required, StringLength(CategoriaTicket.NombreMaxLength)] string Nombre,
    [property: StringLength(CategoriaTicket.DescripcionMaxLength)] string? Descripcion,
    [property: Required] bool? Activo,
    [property: Required, Range(0, 100_000)] int? Orden);

/// <summary>What <c>DELETE</c> did: a category still referenced by tickets is only deactivated.</summary>
public enum CategoryDeleteOutcome
{
    Removed,
    Deactivated,
}
