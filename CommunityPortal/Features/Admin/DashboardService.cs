using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Images;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Admin;

/// <summary>
/// Numbers and charts of the administrators' dashboard. Every query starts from
/// <see cref="AccessScope.ManagedBy(IQueryable{Ticket}, CurrentUser, IQueryable{Community})"/> (the same scope as the admin ticket list) and aggregates in SQL:
/// counts and GROUP BYs come back, tickets never do.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock, UploadsSpace uploadsSpace)
{
    public const int TrendWeeks = 10;

    /// <summary>The window of the median resolution time: recent work, not the whole history.</summary>
    public static readonly TimeSpan MedianWindow = TimeSpan.FromDays(90);

    /// <summary>Communities the user administers, for the selector (empty for residents).</summary>
    public async Task<IReadOnlyList<CommunityOptionDto>> ListCommunitiesAsync(CurrentUser user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Communities.AsNoTracking().ManagedBy(user)
            .OrderBy(c => c.Name)
            .Select(c => new CommunityOptionDto(c.Id, c.Name))
            .ToListAsync(ct);
    }

    public async Task<ServiceResult<DashboardDto>> GetAsync(CurrentUser user, int? communityId, CancellationToken ct)
    {
        if (!user.IsAdmin)
        {
            return ServiceResult.Forbidden;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (communityId is int id && !await db.Communities.ManagesAsync(user, id, ct))
        {
            return ServiceResult.NotFound;
        }

        var tickets = db.Tickets.AsNoTracking().ManagedBy(user, db.Communities);
        if (communityId is int only)
        {
            tickets = tickets.Where(t => t.CommunityId == only);
        }

        var statuses = await db.Statuses.AsNoTracking().OrderBy(s => s.Orden).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Code, s.Descripcion, s.Color, s.EsFinal })
            .ToListAsync(ct);
        var resuelto = statuses.First(s => s.Code == TicketStatusCodes.Resuelto).Id;

        var byStatus = await tickets.GroupBy(t => t.StatusId)
            .Select(g => new { StatusId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.StatusId, g => g.Count, ct);
        var openByStatus = statuses.Where(s => !s.EsFinal)
            .Select(s => new StatusCountDto(s.Id, s.Code, s.Descripcion, s.Color, s.EsFinal, byStatus.GetValueOrDefault(s.Id)))
            .ToList();

        var now = clock.GetUtcNow();
        var todayStart = StartOfLocalDayUtc(now);
        var newToday = await tickets.CountAsync(t => t.FechaReporte >= todayStart, ct);

        var since30 = now.UtcDateTime.AddDays(-30);
        var resolvedLast30 = await tickets.CountAsync(t => t.StatusId == resuelto && t.History.Any(h =>
            h.Action == TicketHistoryActions.StatusChanged && h.ToStatusId == resuelto && h.At >= since30), ct);

        var openByCategory = await tickets.Where(t => !t.Status.EsFinal)
            .GroupBy(t => new { t.CategoriaTicketId, t.Categoria.Nombre })
            .Select(g => new { g.Key.CategoriaTicketId, g.Key.Nombre, Count = g.Count() })
            .OrderByDescending(c => c.Count).ThenBy(c => c.Nombre)
            .Select(c => new CategoryCountDto(c.CategoriaTicketId, c.Nombre, c.Count))
            .ToListAsync(ct);

        var (median, sample) = await MedianResolutionAsync(tickets, resuelto, now.UtcDateTime - MedianWindow, ct);
        var weekly = await WeeklyTrendAsync(db, tickets, resuelto, now, ct);

        return new DashboardDto(
            Open: openByStatus.Sum(s => s.Count),
            NewToday: newToday,
            InProgress: byStatus.GetValueOrDefault(statuses.First(s => s.Code == TicketStatusCodes.EnProceso).Id),
            ResolvedLast30Days: resolvedLast30,
            MedianResolution: median,
            MedianSampleSize: sample,
            OpenByStatus: openByStatus,
            OpenByCategory: openByCategory,
            Weekly: weekly,
            LowDiskSpace: user.IsSystemAdmin && uploadsSpace.IsLow ? new LowDiskSpaceDto(uploadsSpace.FreeMB, uploadsSpace.MinFreeMB) : null);
    }

    /// <summary>
    /// Report → resolution of the tickets resolved (and still resolved) within the window, from the last
    /// "statusChanged → RESUELTO" of each. SQLite has no portable date arithmetic EF Core translates, so the
    /// database returns just the two instants per ticket and the median is taken here.
    /// </summary>
    private static async Task<(TimeSpan? Median, int Sample)> MedianResolutionAsync(
        IQueryable<Ticket> tickets, int resuelto, DateTime since, CancellationToken ct)
    {
        var pairs = await tickets.Where(t => t.StatusId == resuelto)
            .Select(t => new
            {
                t.FechaReporte,
                ResolvedAt = t.History
                    .Where(h => h.Action == TicketHistoryActions.StatusChanged && h.ToStatusId == resuelto)
                    .Max(h => (DateTime?)h.At),
            })
            .Where(p => p.ResolvedAt != null && p.ResolvedAt >= since)
            .ToListAsync(ct);
        var durations = pairs.Select(p => p.ResolvedAt!.Value - p.FechaReporte).Where(d => d >= TimeSpan.Zero).Order().ToList();
        return (Median(durations), durations.Count);
    }

    public static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => (sorted[(n / 2) - 1] + sorted[n / 2]) / 2,
    };

    /// <summary>
    /// Opened (by fechaReporte) and resolved (status changes to RESUELTO) per week. The database groups by
    /// calendar day (at most 7 × <see cref="TrendWeeks"/> rows each); the days are folded into weeks here.
    /// </summary>
    private async Task<IReadOnlyList<WeekTrendDto>> WeeklyTrendAsync(
        AppDbContext db, IQueryable<Ticket> tickets, int resuelto, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone).DateTime);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstMonday = thisMonday.AddDays(-7 * (TrendWeeks - 1));
        var from = firstMonday.ToDateTime(TimeOnly.MinValue);

        var opened = await tickets.Where(t => t.FechaReporte >= from)
            .GroupBy(t => t.FechaReporte.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var ticketIds = tickets.Select(t => t.Id);
        var resolved = await db.TicketHistory.AsNoTracking()
            .Where(h => h.Action == TicketHistoryActions.StatusChanged && h.ToStatusId == resuelto && h.At >= from
                && ticketIds.Contains(h.TicketId))
            .GroupBy(h => h.At.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        int Week(DateTime day) => (DateOnly.FromDateTime(day).DayNumber - firstMonday.DayNumber) / 7;
        var weeks = Enumerable.Range(0, TrendWeeks).Select(i => (Start: firstMonday.AddDays(7 * i), Opened: 0, Resolved: 0)).ToArray();
        foreach (var d in opened.Where(d => Week(d.Day) is >= 0 and < TrendWeeks))
        {
            weeks[Week(d.Day)].Opened += d.Count;
        }

        foreach (var d in resolved.Where(d => Week(d.Day) is >= 0 and < TrendWeeks))
        {
            weeks[Week(d.Day)].Resolved += d.Count;
        }

        return weeks.Select(w => new WeekTrendDto(w.Start, w.Opened, w.Resolved)).ToList();
    }

    private DateTime StartOfLocalDayUtc(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, clock.LocalTimeZone);
        return new DateTimeOffset(local.Date, local.Offset).UtcDateTime;
    }
}
