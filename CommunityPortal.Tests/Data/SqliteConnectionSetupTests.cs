using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Data;

public class SqliteConnectionSetupTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_connection_reused_from_the_pool_keeps_its_settings_and_the_search_function()
    {
        _ = factory.Server;
        var first = await ReadConnectionAsync();

        // The next context gets the same native connection back from the pool: it is not set up again,
        // so what the first open applied must still hold.
        var reused = await ReadConnectionAsync();

        Assert.Equal(new ConnectionState(5000, 1, 1, "perez"), first);
        Assert.Equal(first, reused);
    }

    [Fact]
    public async Task A_new_native_connection_is_set_up_too()
    {
        _ = factory.Server;
        await ReadConnectionAsync();

        // Closing every pooled native connection forces the next open to make a new one.
        SqliteConnection.ClearAllPools();

        Assert.Equal(new ConnectionState(5000, 1, 1, "perez"), await ReadConnectionAsync());
    }

    [Fact]
    public async Task A_native_connection_handed_to_a_new_context_still_has_the_search_function()
    {
        _ = factory.Server;
        // Contexts made outside the pool each bring a new SqliteConnection; the native connection the first one
        // set up and gave back is the one the second gets.
        var options = factory.Services.GetRequiredService<DbContextOptions<AppDbContext>>();
        await using (var first = new AppDbContext(options))
        {
            Assert.Equal("perez", await FoldAsync(first));
        }

        await using var second = new AppDbContext(options);

        Assert.Equal("perez", await FoldAsync(second));
    }

    [Fact]
    public async Task Folds_null_as_null()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();
        await db.Database.OpenConnectionAsync();

        Assert.IsType<DBNull>(await ScalarAsync<object>(db.Database.GetDbConnection(), "SELECT portal_fold(NULL)"));
    }

    [Fact]
    public async Task Contexts_come_from_a_pool_and_start_clean()
    {
        _ = factory.Server;
        await using (var db = factory.CreateDbContext())
        {
            var status = await db.Statuses.FirstAsync();
            status.Descripcion = "cambiado sin guardar";
        }

        await using var next = factory.CreateDbContext();

        Assert.Empty(next.ChangeTracker.Entries());
        Assert.NotEqual("cambiado sin guardar", (await next.Statuses.FirstAsync()).Descripcion);
    }

    private async Task<ConnectionState> ReadConnectionAsync()
    {
        await using var db = factory.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            return new ConnectionState(
                await ScalarAsync<long>(connection, "PRAGMA busy_timeout"),
                await ScalarAsync<long>(connection, "PRAGMA synchronous"),
                await ScalarAsync<long>(connection, "PRAGMA foreign_keys"),
                await ScalarAsync<string>(connection, "SELECT portal_fold('PÉREZ')"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string> FoldAsync(AppDbContext db) =>
        await db.Database.SqlQueryRaw<string>("SELECT portal_fold('PÉREZ') AS Value").SingleAsync();

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private sealed record ConnectionState(long BusyTimeoutMs, long Synchronous, long ForeignKeys, string Folded);
}
