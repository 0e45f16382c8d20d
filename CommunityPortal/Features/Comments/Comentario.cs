namespace CommunityPortal.Features.Comments;

/// <summary>
/// A comment on something (origen/idOrigen; "ticket" for now). Replies point at their
/// parent through IdComment. Deleting is soft; a deleted comment with replies stays as a placeholder.
/// </summary>
public class Comentario
{
    public const int OrigenMaxLength = 50;
    public const int IdOrigenMaxLength = 50;
    public const int TextoMaxLength = 4000;

    public int Id { get; set; }

    public string Origen { get; set; } = "";

    public string IdOrigen { get; set; } = "";

    public int? IdComment { get; set; }

    public Comentario? Parent { get; set; }

    public string ComentarioTexto { get; set; } = "";

    public List<string> ImageUrls { get; set; } = [];

    /// <summary>The author's resident profile; null when an administrator writes.</summary>
    public int? ResidentId { get; set; }

    public string AuthorUserId { get; set; } = "";

    public string AuthorName { get; set; } = "";

    public string AuthorRole { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime? DeletedAt { get; set; }
}

public static class ComentarioOrigenes
{
    public const string Ticket = "ticket";
}
