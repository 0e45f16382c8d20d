using System.Globalization;
using CommunityPortal.Features.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Images;

/// <summary>The housekeeping runs by itself when the app starts.</summary>
public class UploadsMaintenanceStartupTests : IAsyncLifetime
{
    private readonly PortalAppFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task A_stale_work_file_left_by_a_crash_is_gone_after_start()
    {
        var stale = Path.Combine(factory.UploadsRoot, "tmp", "crash.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllBytesAsync(stale, new byte[1024]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-1));

        _ = factory.Services;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (File.Exists(stale))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
