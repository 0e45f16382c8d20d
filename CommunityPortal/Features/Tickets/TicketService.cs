using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Tickets;

/// <summary>
/// Commands on tickets (create, edit, status, cancel, delete), with every rule about who may change what; the reads
/// and the permission answers are <see cref="TicketQueries"/>'s. The REST endpoints and the Blazor pages both call
/// this; neither repeats a rule.
/// </summary>
public sealed class TicketService(
    IDbContextFactory<AppDbContext> dbFactory,
    TicketQueries queries,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l,
    TicketEvents events,
    CommentService comments,
    UserLimits limits,
    NotificationMail mail)
{
    /// <summary>Clock skew tolerated for "fechaReporte is not in the future".</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public async Task<ServiceResult<TicketDto>> CreateAsync(CurrentUser user, CreateTicketRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        if (request.Contenido?.Length > Ticket.ContenidoMaxLength)
        {
            return ServiceResult.Invalid("contenido", l["Tickets.Error.ContenidoLength", Ticket.ContenidoMaxLength]);
        }

        var reported = request.FechaReporte is { } fecha ? TicketQueries.AsUtc(fecha) : now;
        if (reported > now + FutureTolerance)
        {
            return ServiceResult.Invalid("fechaReporte", l["Tickets.Error.FutureDate"]);
        }

        var userId = user.UserId;
        if (await UserLimits.RetryAfterAsync(
                db.TicketHistory.Where(h => h.UserId == userId && h.Action == TicketHistoryActions.Created).Select(h => h.At),
                limits.TicketsPerHour, UserLimits.CreateWindow, now, cancellationToken) is { } wait)
        {
            return ServiceResult.TooMany(
                "", l["Limits.Tickets", limits.TicketsPerHour, UserLimits.Minutes(wait)].Value, wait);
        }

        if (!await db.Categorias.AnyAsync(c => c.Id == request.CategoriaTicketId && c.Activo, cancellationToken))
        {
            return ServiceResult.Invalid("categoriaTicketId", l["Tickets.Error.Category"]);
        }

        var residentResult = user.IsAdmin
            ? await ResidentForAdminAsync(db, user, request, cancellationToken)
            : await ResidentForResidentAsync(db, user, request, cancellationToken);
        if (!residentResult.Succeeded)
        {
            return residentResult.Failure;
        }

        var (residentId, communityId) = residentResult.Value;
        var nuevo = await db.Statuses.Where(s => s.Code == TicketStatusCodes.Nuevo).Select(s => s.Id).FirstAsync(cancellationToken);
        var ticket = new Ticket
        {
            CategoriaTicketId = request.CategoriaTicketId,
            StatusId = nuevo,
            Contenido = NormalizeText(request.Contenido),
            FechaReporte = reported,
            CreatedAt = now,
            CommunityId = communityId,
            ResidentId = residentId,
        };
        ticket.History.Add(NewHistory(user, now, TicketHistoryActions.Created, toStatusId: nuevo));
        db.Tickets.Add(ticket);
        // The e-mails need the ticket's id: saved in the same transaction, right after the ticket.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await mail.QueueTicketCreatedAsync(db, user, ticket.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var owner = await db.Residents.Where(r => r.Id == residentId)
            .Select(r => new { r.UserId, r.Community.CompanyId }).FirstAsync(cancellationToken);
        events.Publish(new TicketEvent(TicketEventKind.TicketCreated, ticket.Id, communityId, owner.CompanyId, owner.UserId, user.UserId));
        return (await queries.GetAsync(user, ticket.Id, cancellationToken)).Value!;
    }

    public async Task<ServiceResult<TicketDto>> UpdateAsync(
        CurrentUser user, int id, UpdateTicketRequest request, string? ifMatch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var applied = await ApplyUpdateAsync(db, user, id, request, ifMatch, managersOnly: false, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (!applied.Succeeded)
        {
            return applied.Failure;
        }

        await mail.QueuePendingChangesAsync(db, user, cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return ServiceResult.PreconditionFailed;
        }

        PublishUpdate(user, applied.Value!);
        return (await queries.GetAsync(user, id, cancellationToken)).Value!;
    }

    /// <summary>
    /// The administrator's card: status and category through the same rules as <see cref="UpdateAsync"/>, and the
    /// optional public note as a comment by the administration (<see cref="CommentService"/>), all in one save, so
    /// a stale <paramref name="ifMatch"/> or a concurrent change writes nothing at all. Only for administrators who
    /// manage the ticket: anyone else who can see it gets Forbidden, and a ticket out of scope is NotFound.
    /// </summary>
    public async Task<ServiceResult<TicketDto>> ManageAsync(
        CurrentUser user, int id, ManageTicketRequest request, string? ifMatch, CancellationToken cancellationToken)
    {
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is not null && comments.ValidateText(note) is { } noteError)
        {
            return ServiceResult.Invalid("note", noteError);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var applied = await ApplyUpdateAsync(db, user, id, new UpdateTicketRequest(request.CategoriaTicketId, request.StatusId, null, null),
            ifMatch, managersOnly: true, now, cancellationToken);
        if (!applied.Succeeded)
        {
            return applied.Failure;
        }

        var change = applied.Value!;
        var ticket = change.Ticket;
        var posted = note is null ? null : CommentService.AddAdministrationNote(db, user, ticket.Id, ticket.Resident.UserId, note, now);

        // One SaveChanges is one transaction: the ticket row, its history, the comment and the notifications
        // are written together, or (concurrency token changed meanwhile) none of them.
        await mail.QueuePendingChangesAsync(db, user, cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return ServiceResult.PreconditionFailed;
        }

        PublishUpdate(user, change);
        if (posted is not null)
        {
            comments.PublishCreated(posted, user, ticket.Id, ticket.CommunityId, ticket.Community.CompanyId, ticket.Resident.UserId);
        }

        return (await queries.GetAsync(user, id, cancellationToken)).Value!;
    }

    /// <summary>A tracked ticket with <paramref name="request"/> applied (history and notification added), not yet saved.</summary>
    private sealed record AppliedUpdate(Ticket Ticket, bool StatusChanged, bool Edited);

    /// <summary>
    /// Every rule of a ticket change, applied to a ticket tracked by <paramref name="db"/>; the caller saves.
    /// <paramref name="managersOnly"/>: callers who can see the ticket but do not manage it get Forbidden.
    /// </summary>
    private async Task<ServiceResult<AppliedUpdate>> ApplyUpdateAsync(
        AppDbContext db, CurrentUser user, int id, UpdateTicketRequest request, string? ifMatch, bool managersOnly, DateTime now,
        CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.VisibleTo(user)
            .Include(t => t.Status).Include(t => t.Categoria).Include(t => t.Community).Include(t => t.Resident)
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return ServiceResult.NotFound;
        }

        var asAdmin = user.Manages(ticket.Community.CompanyId);
        if (managersOnly && !asAdmin)
        {
            return ServiceResult.Forbidden;
        }

        if (!ETagMatches(ifMatch, ticket.Version))
        {
            return ServiceResult.PreconditionFailed;
        }

        if (request.Contenido?.Length > Ticket.ContenidoMaxLength)
        {
            return ServiceResult.Invalid("contenido", l["Tickets.Error.ContenidoLength", Ticket.ContenidoMaxLength]);
        }

        var changes = new List<string>();
        var statusChanged = false;

        if (request.StatusId is int statusId && statusId != ticket.StatusId)
        {
            var status = await db.Statuses.FirstOrDefaultAsync(s => s.Id == statusId, cancellationToken);
            if (status is null)
            {
                return ServiceResult.Invalid("statusId", l["Tickets.Error.Status"]);
            }

            if (!asAdmin && !(status.Code == TicketStatusCodes.Cancelado && TicketQueries.MayWithdraw(user, ticket.Community.CompanyId, ticket.Status.EsFinal)))
            {
                return ServiceResult.Forbidden;
            }

            ticket.History.Add(NewHistory(user, now, TicketHistoryActions.StatusChanged, ticket.StatusId, status.Id));
            ticket.StatusId = status.Id;
            statusChanged = true;
            if (NotificationRules.StatusChanged(user, ticket.Id, ticket.Resident.UserId, status.Descripcion, now) is { } notification)
            {
                db.Notifications.Add(notification);
            }
        }
        else if (TicketQueries.IsFrozenFor(user, ticket.Community.CompanyId, ticket.Status.EsFinal) && HasEdits(request, ticket))
        {
            return ServiceResult.Forbidden;
        }

        if (request.CategoriaTicketId is int categoriaId && categoriaId != ticket.CategoriaTicketId)
        {
            var categoria = await db.Categorias.FirstOrDefaultAsync(c => c.Id == categoriaId && c.Activo, cancellationToken);
            if (categoria is null)
            {
                return ServiceResult.Invalid("categoriaTicketId", l["Tickets.Error.Category"]);
            }

            changes.Add($"categoria: {ticket.Categoria.Nombre} → {categoria.Nombre}");
            ticket.CategoriaTicketId = categoria.Id;
        }

        if (request.Contenido is not null && NormalizeText(request.Contenido) != ticket.Contenido)
        {
            ticket.Contenido = NormalizeText(request.Contenido);
            changes.Add("contenido");
        }

        if (request.FechaReporte is { } fecha && TicketQueries.AsUtc(fecha) != ticket.FechaReporte)
        {
            if (!asAdmin)
            {
                return ServiceResult.Forbidden;
            }

            if (TicketQueries.AsUtc(fecha) > now + FutureTolerance)
            {
                return ServiceResult.Invalid("fechaReporte", l["Tickets.Error.FutureDate"]);
            }

            changes.Add($"fechaReporte: {ticket.FechaReporte.ToString("O", CultureInfo.InvariantCulture)} → {TicketQueries.AsUtc(fecha).ToString("O", CultureInfo.InvariantCulture)}");
            ticket.FechaReporte = TicketQueries.AsUtc(fecha);
        }

        if (changes.Count > 0)
        {
            ticket.History.Add(NewHistory(user, now, TicketHistoryActions.Updated, detail: string.Join("; ", changes)));
        }

        return new AppliedUpdate(ticket, statusChanged, changes.Count > 0);
    }

    private void PublishUpdate(CurrentUser user, AppliedUpdate applied)
    {
        if (applied.StatusChanged || applied.Edited)
        {
            var ticket = applied.Ticket;
            events.Publish(new TicketEvent(applied.StatusChanged ? TicketEventKind.StatusChanged : TicketEventKind.TicketUpdated,
                ticket.Id, ticket.CommunityId, ticket.Community.CompanyId, ticket.Resident.UserId, user.UserId));
        }
    }


    public async Task<ServiceResult> DeleteAsync(CurrentUser user, int id, string? ifMatch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ticket = await db.Tickets.VisibleTo(user).Include(t => t.Community).Include(t => t.Resident)
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return ServiceResult.NotFound;
        }

        if (!ETagMatches(ifMatch, ticket.Version))
        {
            return ServiceResult.PreconditionFailed;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        ticket.IsDeleted = true;
        ticket.DeletedAt = now;
        ticket.History.Add(NewHistory(user, now, TicketHistoryActions.Deleted));
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return ServiceResult.PreconditionFailed;
        }

        events.Publish(new TicketEvent(TicketEventKind.TicketDeleted,
            ticket.Id, ticket.CommunityId, ticket.Community.CompanyId, ticket.Resident.UserId, user.UserId));
        return ServiceResult.Ok;
    }

    /// <summary>If-Match absent or "*" passes; otherwise one of the listed tags must be the current one.</summary>
    public static bool ETagMatches(string? ifMatch, Guid version)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return true;
        }

        var current = version.ToString("N");
        return ifMatch.Split(',').Select(tag => tag.Trim()).Any(tag =>
        {
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                tag = tag[2..];
            }

            return tag.Trim('"') == current;
        });
    }

    private async Task<ServiceResult<(int ResidentId, int CommunityId)>> ResidentForResidentAsync(
        AppDbContext db, CurrentUser user, CreateTicketRequest request, CancellationToken cancellationToken)
    {
        var userId = user.UserId;
        var profiles = await db.Residents.Where(r => r.UserId == userId && r.IsActive)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.CommunityId }).ToListAsync(cancellationToken);
        if (profiles.Count == 0)
        {
            return ServiceResult.Invalid("residentId", l["Tickets.Error.NoProfile"].Value);
        }

        if (request.ResidentId is int residentId)
        {
            var own = profiles.FirstOrDefault(p => p.Id == residentId);
            return own is null ? ServiceResult.Forbidden : (own.Id, own.CommunityId);
        }

        return (profiles[0].Id, profiles[0].CommunityId);
    }

    private async Task<ServiceResult<(int ResidentId, int CommunityId)>> ResidentForAdminAsync(
        AppDbContext db, CurrentUser user, CreateTicketRequest request, CancellationToken cancellationToken)
    {
        var managed = db.Residents.ManagedBy(user);
        if (request.ResidentId is int residentId)
        {
            var resident = await managed.Where(r => r.Id == residentId)
                .Select(r => new { r.Id, r.CommunityId }).FirstOrDefaultAsync(cancellationToken);
            if (resident is null)
            {
                return ServiceResult.Invalid("residentId", l["Tickets.Error.Resident"]);
            }

            if (request.CommunityId is int communityId && communityId != resident.CommunityId)
            {
                return ServiceResult.Invalid("communityId", l["Tickets.Error.ResidentCommunityMismatch"]);
            }

            return (resident.Id, resident.CommunityId);
        }

        if (request.CommunityId is int onlyCommunityId)
        {
            if (!await db.Communities.ManagesAsync(user, onlyCommunityId, cancellationToken))
            {
                return ServiceResult.Invalid("communityId", l["Tickets.Error.Community"]);
            }

            // The contract: the community's first active resident by id.
            var first = await db.Residents.Where(r => r.CommunityId == onlyCommunityId && r.IsActive)
                .OrderBy(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
            return first is int id ? (id, onlyCommunityId) : ServiceResult.Invalid("communityId", l["Tickets.Error.NoResidents"]);
        }

        return ServiceResult.Invalid("residentId", l["Tickets.Error.ResidentOrCommunity"]);
    }

    private static bool HasEdits(UpdateTicketRequest request, Ticket ticket) =>
        (request.CategoriaTicketId is int c && c != ticket.CategoriaTicketId)
        || (request.Contenido is not null && NormalizeText(request.Contenido) != ticket.Contenido)
        || (request.FechaReporte is { } f && TicketQueries.AsUtc(f) != ticket.FechaReporte);

    private static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: same answer as a stale If-Match.
            return false;
        }
    }

    private static TicketHistory NewHistory(
        CurrentUser user, DateTime at, string action, int? fromStatusId = null, int? toStatusId = null, string? detail = null) => new()
        {
            At = at,
            UserId = user.UserId,
            UserName = user.DisplayName,
            Action = action,
            FromStatusId = fromStatusId,
            ToStatusId = toStatusId,
            Detail = detail,
        };

    private static string? NormalizeText(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
