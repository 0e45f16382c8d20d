using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Shared;

/// <summary>
/// The per-user limits of api.md "v1.1 — security", read from settings on every use (0 turns one off):
/// <c>RateLimiting:Tickets:PerUserPerHour</c>, <c>RateLimiting:Comments:PerUserPerHour</c> and
/// <c>Storage:QuotaPerUserPerDayMB</c>. They are counted from the user's own rows in the database, so they hold
/// across restarts and nodes; the services that create those rows check them, for the API and the pages alike.
/// </summary>
public sealed class UserLimits(IConfiguration configuration)
{
    public static readonly TimeSpan CreateWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan UploadWindow = TimeSpan.FromDays(1);

    public int TicketsPerHour => Math.Max(0, configuration.GetValue("RateLimiting:Tickets:PerUserPerHour", 30));

    public int CommentsPerHour => Math.Max(0, configuration.GetValue("RateLimiting:Comments:PerUserPerHour", 120));

    public long UploadBytesPerDay => Math.Max(0, configuration.GetValue("Storage:QuotaPerUserPerDayMB", 200L)) * 1024 * 1024;

    /// <summary>
    /// With <paramref name="limit"/> events already inside the window ending <paramref name="now"/>, how long until
    /// the oldest of the latest <paramref name="limit"/> leaves it; null when one more is allowed (or the limit is 0).
    /// One query that reads at most <paramref name="limit"/> entries of an index on (user, time).
    /// </summary>
    public static async Task<TimeSpan?> RetryAfterAsync(
        IQueryable<DateTime> times, int limit, TimeSpan window, DateTime now, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return null;
        }

        var since = now - window;
        var nth = await times.Where(t => t > since).OrderByDescending(t => t).Skip(limit - 1)
            .Select(t => (DateTime?)t).FirstOrDefaultAsync(cancellationToken);
        return nth is { } at ? Max(at + window - now, TimeSpan.FromSeconds(1)) : null;
    }

    /// <summary>Minutes, rounded up, for a message such as "try again in 12 minutes".</summary>
    public static int Minutes(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalMinutes));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
