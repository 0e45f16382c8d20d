using System.Linq.Expressions;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Tickets;

/// <summary>
/// Reads of tickets (lists, one ticket, its history, the resident's contact, exports) and what the caller may do to
/// a ticket, answered from the same predicates <see cref="TicketService"/> enforces. The REST endpoints and the Blazor
/// pages both call this; neither repeats a rule.
/// </summary>
public sealed class TicketQueries(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
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
    public static bool MayWithdraw(CurrentUser user, int companyId, bool statusEsFinal) => !statusEsFinal && !user.Manages(companyId);

    /// <summary>What <paramref name="user"/>, who can see the ticket, may do to it: the predicates <see cref="TicketService.UpdateAsync"/> enforces.</summary>
    public static TicketPermissions PermissionsFor(CurrentUser user, int companyId, bool statusEsFinal) =>
        new(CanEdit: !IsFrozenFor(user, companyId, statusEsFinal), CanCancel: MayWithdraw(user, companyId, statusEsFinal));

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

    /// <summary>A date from a request or a filter as UTC (one without a kind is taken as UTC).</summary>
    internal static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
