using CommunityPortal.Features.Email;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Data;

/// <summary>Registers the database from configuration and prepares it at start-up.</summary>
public static class DatabaseSetup
{
    public const string SqliteProvider = "Sqlite";

    /// <summary>
    /// Reads <c>Database:Provider</c> and <c>ConnectionStrings:Default</c>. Features only see
    /// <see cref="AppDbContext"/> and its factory, so another provider plugs in here alone.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = configuration["Database:Provider"] ?? SqliteProvider;
        if (!string.Equals(provider, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{provider}' is not supported yet; use '{SqliteProvider}'.");
        }

        var connectionString = ResolveSqlitePath(
            configuration.GetConnectionString("Default") ?? "Data Source=App_Data/communityportal.db", contentRoot);

        // How long a statement waits for another connection's write lock before the database counts as busy (503 from the
        // API, "try again" on the pages): SQLite's busy_timeout, and the command timeout within which Microsoft.Data.Sqlite
        // retries a busy statement.
        var busyTimeoutSeconds = Math.Max(1, configuration.GetValue("Database:BusyTimeoutSeconds", 5));
        var connectionSetup = new SqliteConnectionSetup(busyTimeoutSeconds);

        // Pooled: a request reuses a context instead of building one (and its internal services) from scratch.
        // The scoped AppDbContext (Identity's stores) comes from the same pool.
        // The outbox interceptor wakes the e-mail sender once a save that queued a message has committed.
        services.AddSingleton<EmailSignal>();
        services.AddSingleton<EmailQueuedInterceptor>();
        services.AddPooledDbContextFactory<AppDbContext>((provider, options) => options
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(busyTimeoutSeconds))
            .AddInterceptors(connectionSetup, provider.GetRequiredService<EmailQueuedInterceptor>()));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Applies migrations, switches SQLite to WAL and seeds reference (and optionally demo) data.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while a writer commits; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var seeder = scope.ServiceProvider.GetRequiredService<SeedData>();
        await seeder.SeedAsync(cancellationToken);
    }

    // A relative SQLite path is taken from the app's content root, not from wherever the process started.
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return connectionString;
        }

        var path = Path.IsPathRooted(dataSource) ? dataSource : Path.GetFullPath(Path.Combine(contentRoot, dataSource));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }
}
