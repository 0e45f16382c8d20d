using CommunityPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net.Http.Json;
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

    private readonly string root;

    public PortalAppFactory()
        : this(null)
    {
    }

    /// <summary>An app on another factory's <see cref="Root"/> (its database, uploads and keys), which kept its files: a restart.</summary>
    protected PortalAppFactory(string? root)
    {
        this.root = root ?? Path.Combine(Path.GetTempPath(), "communityportal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(this.root);
    }

    /// <summary>The folder holding this app's database, uploads and keys.</summary>
    public string Root => root;

    /// <summary>Leave the files when disposed (another factory starts on them and deletes them later).</summary>
    protected bool KeepFiles { get; set; }

    public string DatabasePath => Path.Combine(root, "portal.db");

    public string UploadsRoot => Path.Combine(root, "uploads");

    /// <summary>
    /// PBKDF2 iterations for the tests' password hashes. The production count (PortalIdentityOptions.PasswordHashIterations)
    /// makes every seeded user and sign-in cost a large fraction of a second on a shared machine; null keeps it
    /// (PasswordHashingTests does).
    /// </summary>
    protected virtual int? PasswordHashIterations => 1_000;

    /// <summary>Extra settings a derived fixture wants (applied after the defaults).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("Storage:UploadsRoot", UploadsRoot);
        builder.UseSetting("Seed:Demo", "true");
        // Each app its own keys, beside its database (not in the source tree's App_Data).
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(root, "keys"));
        // Tests sign in far more often than a person; RateLimitTests lowers these again.
        builder.UseSetting("RateLimiting:Login:PerAddressPerMinute", "100000");
        builder.UseSetting("RateLimiting:Login:PerAccountPerMinute", "100000");
        // Test classes create tickets, comments and photos as a few demo users within seconds; PerUserLimitTests
        // sets these low again.
        builder.UseSetting("RateLimiting:Tickets:PerUserPerHour", "100000");
        builder.UseSetting("RateLimiting:Comments:PerUserPerHour", "100000");
        builder.UseSetting("Storage:QuotaPerUserPerDayMB", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, ClientAddresses>();
            if (PasswordHashIterations is int iterations)
            {
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
            }
        });

        // MudBlazor's CSS/JS come from the package's static web assets, which only Development loads by default.
        builder.UseStaticWebAssets();
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> accessTokens = new();

    /// <summary>An HttpClient that sends a bearer token obtained from /api/auth/login for this user.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string email, string password = DemoPassword)
    {
        if (!accessTokens.TryGetValue(email, out var token))
        {
            using var anonymous = CreateAnonymousClient();
            using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
            // A token's first request also re-checks the account (AccessTokenCheck: at most once a minute per token);
            // made here, so a test that counts one request's statements counts the request, not that check.
            using var first = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            first.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            (await anonymous.SendAsync(first)).Dispose();
            accessTokens[email] = token;
        }

        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client without credentials that does not follow redirects (so a 302 is seen as one).</summary>
    public HttpClient CreateAnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private sealed record TokenBody(string AccessToken);

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
        if (KeepFiles)
        {
            GC.SuppressFinalize(this);
            return;
        }

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
