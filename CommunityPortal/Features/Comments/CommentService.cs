using System.Globalization;
using System.Linq.Expressions;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Comments;

/// <summary>
/// Queries and commands on comment threads. A comment is visible exactly when its ticket is
/// (<see cref="AccessScope.VisibleTo"/>); this class only adds who may edit or delete.
/// </summary>
public sealed class CommentService(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l,
    TicketEvents events,
    UserLimits limits,
    NotificationMail mail)
{
    /// <summary>The whole thread, oldest first; deleted comments only as placeholders for live replies.</summary>
    public async Task<ServiceResult<IReadOnlyList<ComentarioDto>>> ListAsync(
        CurrentUser user, string origen, string idOrigen, CancellationToken cancellationToken)
    {
        if (!IsKnownOrigen(origen))
        {
            return ServiceResult.Invalid("origen", l["Comments.Error.Origen"].Value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindTicketAsync(db, user, idOrigen, cancellationToken) is not { } ticket)
        {
            return ServiceResult.NotFound;
        }

        var rows = await Thread(db, ticket.Key)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(ToDto)
            .ToListAsync(cancellationToken);
        var shown = Shown(rows.Select(r => (r.Id, r.IdComment, r.IsDeleted)));
        return rows.Where(r => shown.Contains(r.Id)).Select(r => r.IsDeleted ? AsPlaceholder(r) : WithPermissions(r, user, ticket)).ToList();
    }

    public async Task<ServiceResult<ComentarioDto>> GetAsync(CurrentUser user, int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var comment = await db.Comentarios.AsNoTracking().Where(c => c.Id == id).Select(ToDto).FirstOrDefaultAsync(cancellationToken);
        if (comment is null || !IsKnownOrigen(comment.Origen)
            || await FindTicketAsync(db, user, comment.IdOrigen, cancellationToken) is not { } ticket)
        {
            return ServiceResult.NotFound;
        }

        if (!comment.IsDeleted)
        {
            return WithPermissions(comment, user, ticket);
        }

        // A deleted comment is still readable only while the thread shows it as a placeholder.
        var nodes = await Thread(db, ticket.Key).Select(c => new { c.Id, c.IdComment, c.IsDeleted }).ToListAsync(cancellationToken);
        return Shown(nodes.Select(n => (n.Id, n.IdComment, n.IsDeleted))).Contains(id)
            ? AsPlaceholder(comment)
            : ServiceResult.NotFound;
    }

    public async Task<ServiceResult<ComentarioDto>> CreateAsync(
        CurrentUser user, CreateComentarioRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsKnownOrigen(request.Origen))
        {
            errors["origen"] = [l["Comments.Error.Origen"].Value];
        }

        var text = request.ComentarioTexto?.Trim() ?? "";
        if (TextError(text) is { } textError)
        {
            errors["comentarioTexto"] = [textError];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindTicketAsync(db, user, request.IdOrigen, cancellationToken) is not { } ticket)
        {
            return ServiceResult.NotFound;
        }

        var authorId = user.UserId;
        if (await UserLimits.RetryAfterAsync(
                db.Comentarios.Where(c => c.AuthorUserId == authorId).Select(c => c.CreatedAt),
                limits.CommentsPerHour, UserLimits.CreateWindow, clock.GetUtcNow().UtcDateTime, cancellationToken) is { } wait)
        {
            return ServiceResult.TooMany(
                "comentarioTexto", l["Limits.Comments", limits.CommentsPerHour, UserLimits.Minutes(wait)].Value, wait);
        }

        if (request.IdComment is int parentId
            && !await Thread(db, ticket.Key).AnyAsync(c => c.Id == parentId && !c.IsDeleted, cancellationToken))
        {
            return ServiceResult.Invalid("idComment", l["Comments.Error.Parent"].Value);
        }

        int? residentId = null;
        if (!user.Manages(ticket.CompanyId))
        {
            // Writing as a neighbour of that community, not as its administrator.
            var userId = user.UserId;
            residentId = await db.Residents
                .Where(r => r.UserId == userId && r.CommunityId == ticket.CommunityId && r.IsActive)
                .OrderBy(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        }

        var comment = Add(db, user, ticket.Id, ticket.ResidentUserId, request.IdComment, text, residentId, clock.GetUtcNow().UtcDateTime);
        await mail.QueuePendingChangesAsync(db, user, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Publish(TicketEventKind.CommentCreated, ticket, user, comment.Id);
        return WithPermissions(MapToDto(comment), user, ticket);
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot be a comment (empty or too long once trimmed), or null when it can.
    /// </summary>
    public string? ValidateText(string? text) => TextError(text?.Trim() ?? "");

    /// <summary>
    /// A top-level comment by the ticket's administration (no resident profile), added to <paramref name="db"/>
    /// with its notification but not saved: the caller saves it together with its own change, in one transaction,
    /// then calls <see cref="PublishCreated"/>. The caller has already checked that <paramref name="user"/> manages
    /// the ticket and that the text is valid (<see cref="ValidateText"/>).
    /// </summary>
    internal static Comentario AddAdministrationNote(AppDbContext db, CurrentUser user, int ticketId, string residentUserId, string text, DateTime now) =>
        Add(db, user, ticketId, residentUserId, null, text.Trim(), null, now);

    /// <summary>Tells open pages about a comment added through <see cref="AddAdministrationNote"/>, once it is saved.</summary>
    internal void PublishCreated(Comentario comment, CurrentUser user, int ticketId, int communityId, int companyId, string residentUserId) =>
        Publish(TicketEventKind.CommentCreated, new TicketScope(ticketId, communityId, companyId, residentUserId), user, comment.Id);

    private static Comentario Add(
        AppDbContext db, CurrentUser user, int ticketId, string residentUserId, int? parentId, string text, int? residentId, DateTime now)
    {
        var comment = new Comentario
        {
            Origen = ComentarioOrigenes.Ticket,
            IdOrigen = ticketId.ToString(CultureInfo.InvariantCulture),
            IdComment = parentId,
            ComentarioTexto = text,
            ResidentId = residentId,
            AuthorUserId = user.UserId,
            AuthorName = user.DisplayName,
            AuthorRole = user.PrimaryRole,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Comentarios.Add(comment);
        if (NotificationRules.NewComment(user, ticketId, residentUserId, text, now) is { } notification)
        {
            db.Notifications.Add(notification);
        }

        return comment;
    }

    public async Task<ServiceResult<ComentarioDto>> UpdateAsync(
        CurrentUser user, int id, UpdateComentarioRequest request, CancellationToken cancellationToken)
    {
        var text = request.ComentarioTexto?.Trim() ?? "";
        if (TextError(text) is { } textError)
        {
            return ServiceResult.Invalid("comentarioTexto", textError);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindCommentAsync(db, user, id, cancellationToken) is not ({ IsDeleted: false } comment, var ticket))
        {
            return ServiceResult.NotFound;
        }

        if (!MayEdit(user, comment.AuthorUserId))
        {
            return ServiceResult.Forbidden;
        }

        comment.ComentarioTexto = text;
        comment.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Publish(TicketEventKind.CommentEdited, ticket, user, comment.Id);
        return WithPermissions(MapToDto(comment), user, ticket);
    }

    public async Task<ServiceResult> DeleteAsync(CurrentUser user, int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindCommentAsync(db, user, id, cancellationToken) is not ({ IsDeleted: false } comment, var ticket))
        {
            return ServiceResult.NotFound;
        }

        if (!MayDelete(user, comment.AuthorUserId, ticket.CompanyId))
        {
            return ServiceResult.Forbidden;
        }

        // The text stays in the row (the table requires it); readers get a placeholder or nothing.
        comment.IsDeleted = true;
        comment.DeletedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        Publish(TicketEventKind.CommentDeleted, ticket, user, comment.Id);
        return ServiceResult.Ok;
    }

    /// <summary>The ticket id behind origen/idOrigen when the caller may see it; null otherwise.</summary>
    public async Task<int?> VisibleTicketIdAsync(CurrentUser user, string origen, string idOrigen, CancellationToken cancellationToken)
    {
        if (!IsKnownOrigen(origen))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await FindTicketAsync(db, user, idOrigen, cancellationToken))?.Id;
    }

    private static readonly Expression<Func<Comentario, ComentarioDto>> ToDto = c => new ComentarioDto(
        c.Id, c.Origen, c.IdOrigen, c.IdComment, c.ComentarioTexto, c.ImageUrls, c.ResidentId,
        c.AuthorName, c.AuthorRole, c.IsDeleted, c.CreatedAt, c.UpdatedAt, c.AuthorUserId);

    private static readonly Func<Comentario, ComentarioDto> MapToDto = ToDto.Compile();

    /// <summary>Only the author may put words in their own mouth; SYSTEM_ADMIN for moderation.</summary>
    private static bool MayEdit(CurrentUser user, string authorUserId) => authorUserId == user.UserId || user.IsSystemAdmin;

    /// <summary>The author, or an administrator who manages the ticket's company.</summary>
    private static bool MayDelete(CurrentUser user, string authorUserId, int companyId) => authorUserId == user.UserId || user.Manages(companyId);

    /// <summary>A live comment as <paramref name="user"/> gets it: with what they may do to it (a deleted one allows nothing).</summary>
    private static ComentarioDto WithPermissions(ComentarioDto comment, CurrentUser user, TicketScope ticket) =>
        comment with
        {
            CanEdit = !comment.IsDeleted && MayEdit(user, comment.AuthorUserId),
            CanDelete = !comment.IsDeleted && MayDelete(user, comment.AuthorUserId, ticket.CompanyId),
        };

    private static ComentarioDto AsPlaceholder(ComentarioDto comment) => comment with { ComentarioTexto = "", ImageUrls = [] };

    private static bool IsKnownOrigen(string? origen) =>
        string.Equals(origen?.Trim(), ComentarioOrigenes.Ticket, StringComparison.OrdinalIgnoreCase);

    private static IQueryable<Comentario> Thread(AppDbContext db, string ticketKey) =>
        db.Comentarios.Where(c => c.Origen == ComentarioOrigenes.Ticket && c.IdOrigen == ticketKey);

    /// <summary>
    /// Ids the thread shows: every live comment and every ancestor of one (deleted ancestors become
    /// placeholders so the replies keep their place in the tree).
    /// </summary>
    private static HashSet<int> Shown(IEnumerable<(int Id, int? IdComment, bool IsDeleted)> nodes)
    {
        var list = nodes.ToList();
        var parents = list.ToDictionary(n => n.Id, n => n.IdComment);
        var shown = new HashSet<int>();
        foreach (var node in list.Where(n => !n.IsDeleted))
        {
            int? current = node.Id;
            while (current is int commentId && shown.Add(commentId))
            {
                current = parents.GetValueOrDefault(commentId);
            }
        }

        return shown;
    }

    private string? TextError(string trimmed) =>
        trimmed.Length == 0 ? l["Comments.Error.TextRequired"].Value
        : trimmed.Length > Comentario.TextoMaxLength ? l["Comments.Error.TextTooLong", Comentario.TextoMaxLength].Value
        : null;

    /// <summary>A comment (tracked) and its ticket, when the caller may see that ticket.</summary>
    private static async Task<(Comentario Comment, TicketScope Ticket)?> FindCommentAsync(
        AppDbContext db, CurrentUser user, int id, CancellationToken cancellationToken)
    {
        var comment = await db.Comentarios.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (comment is null || !IsKnownOrigen(comment.Origen)
            || await FindTicketAsync(db, user, comment.IdOrigen, cancellationToken) is not { } ticket)
        {
            return null;
        }

        return (comment, ticket);
    }

    /// <summary>The visible ticket an idOrigen names; a non-numeric id names nothing.</summary>
    private static async Task<TicketScope?> FindTicketAsync(
        AppDbContext db, CurrentUser user, string? idOrigen, CancellationToken cancellationToken)
    {
        if (!int.TryParse(idOrigen, NumberStyles.None, CultureInfo.InvariantCulture, out var ticketId))
        {
            return null;
        }

        return await db.Tickets.AsNoTracking().VisibleTo(user)
            .Where(t => t.Id == ticketId)
            .Select(t => new TicketScope(t.Id, t.CommunityId, t.Community.CompanyId, t.Resident.UserId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    private void Publish(TicketEventKind kind, TicketScope ticket, CurrentUser user, int commentId) =>
        events.Publish(new TicketEvent(kind, ticket.Id, ticket.CommunityId, ticket.CompanyId, ticket.ResidentUserId, user.UserId, commentId));

    private sealed record TicketScope(int Id, int CommunityId, int CompanyId, string ResidentUserId)
    {
        /// <summary>How comments store the ticket id (idOrigen), e.g. "12".</summary>
        public string Key => Id.ToString(CultureInfo.InvariantCulture);
    }
}
