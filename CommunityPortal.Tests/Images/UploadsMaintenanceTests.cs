using System.Globalization;
using CommunityPortal.Features.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Images;

/// <summary>
/// The uploads folder's housekeeping (issue 13 item 2 and 10): trash older than <c>Storage:TrashDays</c> (30) goes,
/// stale work files in tmp/ go, and image files no ticket or comment names move to trash/. The clock is driven.
/// </summary>
public class UploadsMaintenanceTests(PortalAppFactory factory) : ImageApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private UploadsMaintenance Maintenance(DateTimeOffset now) =>
        ActivatorUtilities.CreateInstance<UploadsMaintenance>(Factory.Services, new FixedClock(now));

    private string Write(string relative, DateTimeOffset lastWrite)
    {
        var path = Path.Combine(Factory.UploadsRoot, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, lastWrite.UtcDateTime);
        return path;
    }

    [Fact]
    public async Task Trash_older_than_thirty_days_is_purged_and_younger_trash_stays()
    {
        _ = Factory.Services;
        var old = Write($"trash/tickets/900001/{new string('a', 32)}.jpg", Now.AddDays(-31));
        var recent = Write($"trash/tickets/900001/{new string('b', 32)}.jpg", Now.AddDays(-29));

        await Maintenance(Now).RunAsync(atStartup: false, CancellationToken.None);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));

        // Idempotent: a second run (or another node's) finds nothing more to do and does not fail.
        await Maintenance(Now.AddDays(2)).RunAsync(atStartup: false, CancellationToken.None);
        Assert.False(File.Exists(recent));
    }

    [Fact]
    public async Task An_image_taken_off_a_ticket_is_purged_thirty_days_after_it_was_trashed()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Foto a la papelera");
        var url = Assert.Single(await UploadToTicketAsync("ana@demo.local", ticketId, ("a.jpg", TestImages.SmallJpeg())));
        File.SetLastWriteTimeUtc(PhysicalPath(url), DateTime.UtcNow.AddDays(-100));
        using (var client = await As("ana@demo.local"))
        using (var removed = await client.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(url)}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, removed.StatusCode);
        }

        var trashed = Path.Combine(Factory.UploadsRoot, "trash", "tickets", ticketId.ToString(CultureInfo.InvariantCulture), Path.GetFileName(url));
        Assert.True(File.Exists(trashed));

        // The photo was taken a hundred days ago but trashed today: it stays a month.
        await Maintenance(DateTimeOffset.UtcNow.AddDays(29)).RunAsync(atStartup: false, CancellationToken.None);
        Assert.True(File.Exists(trashed));
        await Maintenance(DateTimeOffset.UtcNow.AddDays(31)).RunAsync(atStartup: false, CancellationToken.None);
        Assert.False(File.Exists(trashed));
    }

    [Fact]
    public async Task At_startup_stale_work_files_go_and_orphan_images_move_to_trash_while_named_images_stay()
    {
        var ticketId = await CreateOwnTicketAsync("ana@demo.local", "Foto que se queda");
        var url = Assert.Single(await UploadToTicketAsync("ana@demo.local", ticketId, ("a.jpg", TestImages.SmallJpeg())));
        var kept = PhysicalPath(url);
        var now = DateTimeOffset.UtcNow;
        var orphanName = new string('c', 32);
        var orphan = Write($"tickets/{ticketId}/{orphanName}.jpg", now.AddHours(-2));
        var orphanThumb = Write($"tickets/{ticketId}/{orphanName}.thumb.jpg", now.AddHours(-2));
        var orphanComment = Write($"comentarios/900002/{new string('d', 32)}.png", now.AddHours(-2));
        // Just written: may be an upload in flight on another node, left for the next start.
        var inFlight = Write($"tickets/{ticketId}/{new string('e', 32)}.jpg", now.AddMinutes(-1));
        var staleTemp = Write("tmp/old.tmp", now.AddHours(-2));
        var freshTemp = Write("tmp/fresh.tmp", now.AddMinutes(-1));

        await Maintenance(now).RunAsync(atStartup: true, CancellationToken.None);

        Assert.True(File.Exists(kept));
        Assert.True(File.Exists(PhysicalPath(url, thumb: true)));
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(orphanThumb));
        Assert.False(File.Exists(orphanComment));
        Assert.True(File.Exists(Path.Combine(Factory.UploadsRoot, "trash", "tickets", ticketId.ToString(CultureInfo.InvariantCulture), orphanName + ".jpg")));
        Assert.True(File.Exists(Path.Combine(Factory.UploadsRoot, "trash", "comentarios", "900002", new string('d', 32) + ".png")));
        Assert.True(File.Exists(inFlight));
        Assert.False(File.Exists(staleTemp));
        Assert.True(File.Exists(freshTemp));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
