using System.Globalization;
using System.Linq.Expressions;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Tickets;

/// <summary>
/// Queries and commands on tickets, with every rule about who may read or change what.
/// The REST endpoints and the Blazor pages both call this; neither repeats a rule.
/// </summary>
public sealed class TicketService(
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l,
    TicketEvents events,
    CommentService comments,
    UserLimits limits)
{
    /// <summary>Clock skew tolerated for "fechaReporte is not in the future".</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public enum ListScope
    {
        /// <summary>Everything the caller administers.</summary>
        Managed,

        /// <summary>The caller's own tickets as a resident.</summary>
        Mine,
    }

    public async Task<ServiceResult<PagedResult<TicketDto>>> ListAsync(
        CurrentUser user, ListScope scope, TicketListQuery query, CancellationToken cancellationToken)
    {
        var errors = Paging.Validate(query.Page, query.PageSize) ?? [];
        var checkedQuery = await CheckListQueryAsync(user, scope, query, errors, cancellationToken);
        if (!checkedQuery.Succeeded)
        {
            return checkedQuery.Failure;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tickets = Filter(Scoped(db, user, scope), query, scope);
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? Paging.DefaultPageSize;
        var total = await CountAsync(db, user, scope, query, tickets, cancellationToken);
        var items = await Project(Sort(tickets, checkedQuery.Value!).TakePage(page, pageSize), db).ToListAsync(cancellationToken);
        return new PagedResult<TicketDto>(items, total, page, pageSize);
    }

    private static readonly TicketListQuery NoFilters = new();

    /// <summary>
    /// The list's exact size (X-Total-Count). An administrator's list filtered by no more than statuses and a community
    /// adds up the counters the triggers keep per community and status (<see cref="TicketCount"/>): a few rows
    /// however many tickets there are. Any other filter counts the matching tickets themselves.
    /// </summary>
    private static Task<int> CountAsync(
        AppDbContext db, CurrentUser user, ListScope scope, TicketListQuery query, IQueryable<Ticket> tickets, CancellationToken cancellationToken)
    {
        // What is left once the statuses, the community, sorting and paging are set aside must be nothing: said that
        // way round, a filter added to TicketListQuery later counts the tickets until it is handled here.
        var otherFilters = query with
        {
            StatusId = null, StatusIds = null, CommunityId = null, Sort = null, Page = null, PageSize = null,
            Q = SearchText.Words(query.Q).Length == 0 ? null : query.Q,
        };
        var countersAnswer = scope == ListScope.Managed && db.Database.IsSqlite() && otherFilters == NoFilters;
        if (!countersAnswer)
        {
            return tickets.CountAsync(cancellationToken);
        }

        var (everything, companyId, _) = AccessScope.VisibilityOf(user);
        var statusIds = query.StatusIds is { Length: > 0 } some ? some : null;
        return CountersSum(db, everything, companyId, query.CommunityId, query.StatusId, statusIds, cancellationToken);
    }

    // The counters' sum, compiled once: building, funcletizing and looking up a LINQ tree cost more than this query,
    // which reads a few rows of a table with one row per community and status (so the "no filter" parameters cost
    // the plan nothing). The scope is AccessScope.IsManaged, the lists' ManagedBy with the caller as parameters.
    private static readonly Func<AppDbContext, bool, int?, int?, int?, int[]?, CancellationToken, Task<int>> CountersSum =
        EF.CompileAsyncQuery(QueryExpressions.Expand<Func<AppDbContext, bool, int?, int?, int?, int[]?, CancellationToken, int>>(
            (db, everything, companyId, communityId, statusId, statusIds, _) =>
                db.TicketCounts
                    .Where(c => db.Communities.Any(m => m.Id == c.CommunityId && AccessScope.IsManaged.Inline(m, everything, companyId)))
                    .Where(c => communityId == null || c.CommunityId == communityId)
                    .Where(c => statusId == null || c.StatusId == statusId)
                    .Where(c => statusIds == null || statusIds.Contains(c.StatusId))
                    .Sum(c => c.Count)));

    /// <summary>
    /// Every ticket an administrator's list would show for <paramref name="query"/> (paging ignored), as
    /// export rows streamed from one query: the caller writes them out while the database reads them.
    /// The checks (role, community in scope, filters) run before the stream is handed out, so a failure
    /// is an ordinary result rather than an exception halfway through a download.
    /// </summary>
    public async Task<ServiceResult<IAsyncEnumerable<TicketExportRow>>> ExportAsync(
        CurrentUser user, TicketListQuery query, CancellationToken cancellationToken)
    {
        var checkedQuery = await CheckListQueryAsync(user, ListScope.Managed, query, [], cancellationToken);
        return checkedQuery.Succeeded
            ? ServiceResult<IAsyncEnumerable<TicketExportRow>>.Success(StreamExportAsync(user, query, checkedQuery.Value!, cancellationToken))
            : checkedQuery.Failure;
    }

    private async IAsyncEnumerable<TicketExportRow> StreamExportAsync(
        CurrentUser user, TicketListQuery query, string sort,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Sort(Filter(Scoped(db, user, ListScope.Managed), query, ListScope.Managed), sort)
            .Select(t => new TicketExportRow(
                t.Id,
                t.FechaReporte,
                t.Status.Descripcion,
                t.Categoria.Nombre,
                t.Community.Name,
                t.Resident.FullName,
                t.Resident.Unit,
                db.Comentarios.Count(c => c.Origen == ComentarioOrigenes.Ticket && c.IdOrigen == t.Id.ToString() && !c.IsDeleted),
                t.Contenido))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>Validates sort and dates and the caller's right to the list; the value is the sort to apply.</summary>
    private async Task<ServiceResult<string>> CheckListQueryAsync(
        CurrentUser user, ListScope scope, TicketListQuery query, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var sort = string.IsNullOrEmpty(query.Sort) ? TicketSorts.Default : query.Sort;
        if (!TicketSorts.All.Contains(sort))
        {
            errors["sort"] = [l["Tickets.Error.Sort", string.Join(", ", TicketSorts.All)].Value];
        }

        if (query.From is { } from && query.To is { } to && from > to)
        {
            errors["from"] = [l["Tickets.Error.DateRange"].Value];
        }

        SearchText.Validate(query.Q, l, errors);

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors);
        }

        if (scope == ListScope.Mine)
        {
            return sort;
        }

        if (!user.IsAdmin)
        {
            return ServiceResult.Forbidden;
        }

        if (query.CommunityId is int communityId)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Communities.ManagesAsync(user, communityId, cancellationToken))
            {
                // Another company's community does not exist for this caller.
                return ServiceResult.NotFound;
            }
        }

        return sort;
    }

    // An administrator's lists hold what they manage (api.md: the company's communities), not their own reports
    // elsewhere: those are in /my.
    private static IQueryable<Ticket> Scoped(AppDbContext db, CurrentUser user, ListScope scope)
    {
        if (scope == ListScope.Managed)
        {
            return db.Tickets.AsNoTracking().ManagedBy(user, db.Communities);
        }

        var userId = user.UserId;
        return db.Tickets.AsNoTracking().VisibleTo(user).Where(t => t.Resident.UserId == userId);
    }

    public async Task<ServiceResult<TicketDto>> GetAsync(CurrentUser user, int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (everything, companyId, userId) = AccessScope.VisibilityOf(user);
        var ticket = await TicketById(db, id, everything, companyId, userId, cancellationToken);
        return ticket is null
            ? ServiceResult.NotFound
            : ticket with { Can = PermissionsFor(user, ticket.CompanyId, ticket.StatusEsFinal) };
    }

    public async Task<ServiceResult<IReadOnlyList<TicketHistoryDto>>> GetHistoryAsync(
        CurrentUser user, int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Tickets.VisibleTo(user).AnyAsync(t => t.Id == id, cancellationToken))
        {
            return ServiceResult.NotFound;
        }

        var history = await db.TicketHistory.AsNoTracking()
            .Where(h => h.TicketId == id)
            .OrderBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new TicketHistoryDto(h.At, h.UserName, h.Action, h.FromStatusId, h.ToStatusId, h.Detail))
            .ToListAsync(cancellationToken);
        return history;
    }

    public async Task<ServiceResult<TicketDto>> CreateAsync(CurrentUser user, CreateTicketRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        if (request.Contenido?.Length > Ticket.ContenidoMaxLength)
        {
            return ServiceResult.Invalid("contenido", l["Tickets.Error.ContenidoLength", Ticket.ContenidoMaxLength]);
        }

        var reported = request.FechaReporte is { } fecha ? AsUtc(fecha) : now;
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
        await db.SaveChangesAsync(cancellationToken);

        var owner = await db.Residents.Where(r => r.Id == residentId)
            .Select(r => new { r.UserId, r.Community.CompanyId }).FirstAsync(cancellationToken);
        events.Publish(new TicketEvent(TicketEventKind.TicketCreated, ticket.Id, communityId, owner.CompanyId, owner.UserId, user.UserId));
        return (await GetAsync(user, ticket.Id, cancellationToken)).Value!;
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

        if (!await TrySaveAsync(db, cancellationToken))
        {
            return ServiceResult.PreconditionFailed;
        }

        PublishUpdate(user, applied.Value!);
        return (await GetAsync(user, id, cancellationToken)).Value!;
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
        if (!await TrySaveAsync(db, cancellationToken))
        {
            return ServiceResult.PreconditionFailed;
        }

        PublishUpdate(user, change);
        if (posted is not null)
        {
            comments.PublishCreated(posted, user, ticket.Id, ticket.CommunityId, ticket.Community.CompanyId, ticket.Resident.UserId);
        }

        return (await GetAsync(user, id, cancellationToken)).Value!;
    }

    /// <summary>
    /// The reporting resident's name, unit, community, phone and e-mail, in one query, for an administrator who
    /// manages the ticket. Residents get Forbidden; a ticket the caller does not manage is NotFound.
    /// </summary>
    public async Task<ServiceResult<ResidentContactDto>> GetResidentContactAsync(CurrentUser user, int id, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Tickets.AsNoTracking().ManagedBy(user, db.Communities)
            .Where(t => t.Id == id)
            .Select(t => new ResidentContactDto(
                t.ResidentId, t.Resident.FullName, t.Resident.Unit, t.Community.Name, t.Resident.Phone, t.Resident.User.Email))
            .FirstOrDefaultAsync(cancellationToken);
        return contact is null ? ServiceResult.NotFound : contact;
    }

    /// <summary>
    /// Once resolved or cancelled, the resident's report (its text, category and photos) is frozen; the
    /// administrators who manage the ticket may still change it. <see cref="Images.ImageService"/> applies it to photos.
    /// </summary>
    public static bool IsFrozenFor(CurrentUser user, int companyId, bool statusEsFinal) => statusEsFinal && !user.Manages(companyId);

    /// <summary>Whoever sees a ticket without managing it (its resident) may only withdraw it, and only while it is open.</summary>
    private static bool MayWithdraw(CurrentUser user, int companyId, bool statusEsFinal) => !statusEsFinal && !user.Manages(companyId);

    /// <summary>What <paramref name="user"/>, who can see the ticket, may do to it: the predicates <see cref="ApplyUpdateAsync"/> enforces.</summary>
    public static TicketPermissions PermissionsFor(CurrentUser user, int companyId, bool statusEsFinal) =>
        new(CanEdit: !IsFrozenFor(user, companyId, statusEsFinal), CanCancel: MayWithdraw(user, companyId, statusEsFinal));

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

            if (!asAdmin && !(status.Code == TicketStatusCodes.Cancelado && MayWithdraw(user, ticket.Community.CompanyId, ticket.Status.EsFinal)))
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
        else if (IsFrozenFor(user, ticket.Community.CompanyId, ticket.Status.EsFinal) && HasEdits(request, ticket))
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

        if (request.FechaReporte is { } fecha && AsUtc(fecha) != ticket.FechaReporte)
        {
            if (!asAdmin)
            {
                return ServiceResult.Forbidden;
            }

            if (AsUtc(fecha) > now + FutureTolerance)
            {
                return ServiceResult.Invalid("fechaReporte", l["Tickets.Error.FutureDate"]);
            }

            changes.Add($"fechaReporte: {ticket.FechaReporte.ToString("O", CultureInfo.InvariantCulture)} → {AsUtc(fecha).ToString("O", CultureInfo.InvariantCulture)}");
            ticket.FechaReporte = AsUtc(fecha);
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

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, TicketListQuery query, ListScope scope)
    {
        if (query.StatusId is int statusId)
        {
            tickets = tickets.Where(t => t.StatusId == statusId);
        }

        if (query.StatusIds is { Length: > 0 } statusIds)
        {
            tickets = tickets.Where(t => statusIds.Contains(t.StatusId));
        }

        if (query.CategoriaTicketId is int categoriaId)
        {
            tickets = tickets.Where(t => t.CategoriaTicketId == categoriaId);
        }

        if (scope == ListScope.Managed && query.CommunityId is int communityId)
        {
            tickets = tickets.Where(t => t.CommunityId == communityId);
        }

        if (scope == ListScope.Managed && query.ResidentId is int residentId)
        {
            tickets = tickets.Where(t => t.ResidentId == residentId);
        }

        if (query.From is { } from)
        {
            var fromUtc = AsUtc(from);
            tickets = tickets.Where(t => t.FechaReporte >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = AsUtc(to);
            tickets = tickets.Where(t => t.FechaReporte <= toUtc);
        }

        // Every word must appear, ignoring case and accents; matched in SQL against the folded column.
        foreach (var word in SearchText.Words(query.Q))
        {
            tickets = tickets.Where(t => t.ContenidoBusqueda != null && t.ContenidoBusqueda.Contains(word));
        }

        return tickets;
    }

    private static IQueryable<Ticket> Sort(IQueryable<Ticket> tickets, string sort) => sort switch
    {
        "fechaReporte" => tickets.OrderBy(t => t.FechaReporte).ThenBy(t => t.Id),
        "updatedAt" => tickets.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id),
        "-updatedAt" => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
        "statusId" => tickets.OrderBy(t => t.StatusId).ThenByDescending(t => t.FechaReporte).ThenByDescending(t => t.Id),
        "-statusId" => tickets.OrderByDescending(t => t.StatusId).ThenByDescending(t => t.FechaReporte).ThenByDescending(t => t.Id),
        _ => tickets.OrderByDescending(t => t.FechaReporte).ThenByDescending(t => t.Id),
    };

    // The comment count is a correlated subquery, so a page of tickets is one SQL statement.
    private static readonly Expression<Func<AppDbContext, Ticket, TicketDto>> ToDto = (db, t) => new TicketDto(
        t.Id,
        t.CategoriaTicketId,
        new CategoriaRefDto(t.Categoria.Id, t.Categoria.Nombre),
        t.StatusId,
        new StatusRefDto(t.Status.Id, t.Status.Code, t.Status.Descripcion, t.Status.Color),
        t.FechaReporte,
        t.Contenido,
        t.ImageUrls,
        t.CommunityId,
        t.Community.Name,
        t.ResidentId,
        t.Resident.FullName,
        t.Resident.Unit,
        db.Comentarios.Count(c => c.Origen == ComentarioOrigenes.Ticket && c.IdOrigen == t.Id.ToString() && !c.IsDeleted),
        t.CreatedAt,
        t.UpdatedAt,
        t.Version,
        t.Status.EsFinal,
        t.Community.CompanyId);

    // One ticket, as GET /api/tickets/{id} and the ticket page (after every change) read it. Compiled once, so a
    // request skips building, funcletizing and looking up its LINQ tree: a quarter of the endpoint's CPU time.
    private static readonly Func<AppDbContext, int, bool, int?, string, CancellationToken, Task<TicketDto?>> TicketById =
        EF.CompileAsyncQuery(QueryExpressions.Expand<Func<AppDbContext, int, bool, int?, string, CancellationToken, TicketDto?>>(
            (db, id, everything, companyId, userId, _) =>
                db.Tickets.AsNoTracking()
                    .Where(t => t.Id == id && AccessScope.IsVisible.Inline(t, everything, companyId, userId))
                    .Select(t => (TicketDto?)ToDto.Inline(db, t))
                    .FirstOrDefault()));

    private static IQueryable<TicketDto> Project(IQueryable<Ticket> tickets, AppDbContext db) =>
        tickets.Select(QueryExpressions.Expand<Func<Ticket, TicketDto>>(t => ToDto.Inline(db, t)));

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
        || (request.FechaReporte is { } f && AsUtc(f) != ticket.FechaReporte);

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

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
