using System.Globalization;
using CommunityPortal.Data;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Images;

/// <summary>
/// Housekeeping of the uploads folder, one job: at start-up, work files left in tmp/ by a crash are deleted and image
/// files no ticket or comment names (a crash between the file and the database commit) move to trash/; then, at
/// start-up and every <see cref="Interval"/>, trash older than <c>Storage:TrashDays</c> (30) is deleted and quota rows
/// older than a day are dropped. Everything it does is idempotent and safe to run on two nodes at once (a file
/// another node already moved or deleted is skipped); files younger than <see cref="InFlight"/> are left alone, as
/// they may belong to an upload still in progress on another node.
/// </summary>
public sealed class UploadsMaintenance(
    UploadsFolder uploads,
    IDbContextFactory<AppDbContext> dbFactory,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<UploadsMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    public static readonly TimeSpan InFlight = TimeSpan.FromHours(1);

    /// <summary>How many ticket or comment ids are looked up per query by the orphan sweep.</summary>
    private const int IdsPerQuery = 500;

    public int TrashDays => Math.Max(1, configuration.GetValue("Storage:TrashDays", 30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var atStartup = true;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunAsync(atStartup, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Housekeeping must never stop the host (a failed BackgroundService does by default): the next
                // round tries again and the app keeps serving meanwhile.
                logger.LogWarning(ex, "Uploads housekeeping failed");
            }

            atStartup = false;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round; <paramref name="atStartup"/> adds the tmp/ cleaning and the orphan sweep.</summary>
    public async Task RunAsync(bool atStartup, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (atStartup)
        {
            var temp = DeleteOlderThan(uploads.TempFolder, now - InFlight);
            var orphans = await MoveOrphansToTrashAsync(now, cancellationToken);
            if (temp + orphans > 0)
            {
                logger.LogInformation("Start-up sweep: {Temp} stale work files deleted, {Orphans} orphan image files moved to trash", temp, orphans);
            }
        }

        var purged = DeleteOlderThan(uploads.TrashFolder, now - TimeSpan.FromDays(TrashDays));
        if (purged > 0)
        {
            logger.LogInformation("{Count} files older than {Days} days purged from the trash", purged, TrashDays);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = now.UtcDateTime - UserLimits.UploadWindow;
        await db.UploadUsage.Where(u => u.At < expired).ExecuteDeleteAsync(cancellationToken);
    }

    private static int DeleteOlderThan(string folder, DateTimeOffset cutoff)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
            {
                // Already gone (another node) is not an error: File.Delete ignores a missing file.
                File.Delete(file);
                count++;
            }
        }

        return count;
    }

    /// <summary>Image files under tickets/ and comentarios/ that their ticket or comment does not name.</summary>
    private async Task<int> MoveOrphansToTrashAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var kind in new[] { UploadsFolder.TicketsFolder, UploadsFolder.CommentsFolder })
        {
            var kindFolder = Path.Combine(uploads.Root, kind);
            if (!Directory.Exists(kindFolder))
            {
                continue;
            }

            var owners = Directory.EnumerateDirectories(kindFolder)
                .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null)
                .OfType<int>().ToList();
            foreach (var chunk in owners.Chunk(IdsPerQuery))
            {
                var named = await NamedUrlsAsync(kind, chunk, cancellationToken);
                foreach (var ownerId in chunk)
                {
                    var folder = Path.Combine(kindFolder, ownerId.ToString(CultureInfo.InvariantCulture));
                    foreach (var file in Directory.EnumerateFiles(folder))
                    {
                        if (File.GetLastWriteTimeUtc(file) >= (now - InFlight).UtcDateTime || named.Contains(ImageUrlOf(kind, ownerId, file)))
                        {
                            continue;
                        }

                        if (uploads.MoveFileToTrash(file, now))
                        {
                            moved++;
                        }
                    }
                }
            }
        }

        return moved;
    }

    /// <summary>The image URL a file (or its thumbnail) belongs to: "uploads/tickets/12/{name}.jpg".</summary>
    private static string ImageUrlOf(string kind, int ownerId, string file)
    {
        var name = Path.GetFileName(file).Replace(".thumb.", ".", StringComparison.Ordinal);
        return $"{UploadsFolder.UrlPrefix}{kind}/{ownerId.ToString(CultureInfo.InvariantCulture)}/{name}";
    }

    private async Task<HashSet<string>> NamedUrlsAsync(string kind, int[] ids, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Deleted tickets and comments still name their images: those are kept, not swept.
        var lists = kind == UploadsFolder.TicketsFolder
            ? await db.Tickets.IgnoreQueryFilters().AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => t.ImageUrls).ToListAsync(cancellationToken)
            : await db.Comentarios.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.ImageUrls).ToListAsync(cancellationToken);
        return lists.SelectMany(l => l).ToHashSet(StringComparer.Ordinal);
    }
}
