using CommunityPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// The real app over a fresh temporary SQLite file (and uploads folder) per instance, demo data seeded.
/// One instance per test class (IClassFixture) keeps classes independent and runnable in parallel.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = SeedData.DemoPassword;

    private readonly string root = Path.Combine(Path.GetTempPath(), "communityportal-tests", Guid.NewGuid().ToString("N"));

    public PortalAppFactory()
    {
        Directory.CreateDirectory(root);
    }

    public string DatabasePath => Path.Combine(root, "portal.db");

    public string UploadsRoot => Path.Combine(root, "uploads");

    /// <summary>Extra settings a derived fixture wants (applied after the defaults).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("Storage:UploadsRoot", UploadsRoot);
        builder.UseSetting("Seed:Demo", "true");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        // MudBlazor's CSS/JS come from the package's static web assets, which only Development loads by default.
        builder.UseStaticWebAssets();
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A DbContext on the test database, for arranging and asserting.</summary>
    public AppDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Starts Kestrel on a free loopback port and returns its address (for the browser).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS's temp cleanup; the test result does not depend on it.
        }

        GC.SuppressFinalize(this);
    }
}
