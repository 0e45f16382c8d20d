using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace CommunityPortal.Features.Comments;

/// <summary>
/// A comment as the contract shows it. A deleted comment kept as a placeholder (it still has live
/// replies) has <see cref="IsDeleted"/> set, an empty text and no images. <see cref="CanEdit"/> and
/// <see cref="CanDelete"/> say what the reader may do with it, answered by <see cref="CommentService"/> from the same
/// rules it enforces, so the UI only reads them; like <see cref="AuthorUserId"/>, they are not part of the JSON.
/// </summary>
public sealed record ComentarioDto(
    int Id,
    string Origen,
    string IdOrigen,
    int? IdComment,
    string ComentarioTexto,
    IReadOnlyList<string> ImageUrls,
    int? ResidentId,
    string AuthorName,
    string AuthorRole,
    bool IsDeleted,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: JsonIgnore] string AuthorUserId = "",
    [property: JsonIgnore] bool CanEdit = false,
    [property: JsonIgnore] bool CanDelete = false);

/// <summary><c>POST /api/comentarios</c>. The author is always the caller, never the body.</summary>
public sealed record CreateComentarioRequest(
    [property: Required, StringLength(Comentario.OrigenMaxLength)] string Origen,
    [property: Required, StringLength(Comentario.IdOrigenMaxLength)] string IdOrigen,
    [property: Required, StringLength(Comentario.TextoMaxLength)] string ComentarioTexto,
    int? IdComment);

/// <summary><c>PUT /api/comentarios/{id}</c>: only the text can change.</summary>
public sealed record UpdateComentarioRequest(
    [property: Required, StringLength(Comentario.TextoMaxLength)] string ComentarioTexto);
