using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Data;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Security;

/// <summary>A busy, locked or full database is a 503 with Retry-After, never a 500, and nothing is half-saved.</summary>
public class BusyDatabaseApiTests(BusyDatabaseApiTests.ShortWaitFactory factory) : IClassFixture<BusyDatabaseApiTests.ShortWaitFactory>
{
    /// <summary>The app waits one second for a writer instead of five, so the test does not wait long.</summary>
    public sealed class ShortWaitFactory : PortalAppFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Database:BusyTimeoutSeconds", "1")];
    }

    [Fact]
    public async Task A_ticket_posted_while_another_connection_holds_the_write_lock_is_a_503_with_retry_after_and_nothing_is_saved()
    {
        var demo = await DemoData.LoadAsync(factory);
        using var ana = await factory.CreateApiClientAsync("ana@demo.local");
        const string contenido = "Gotera sobre la escalera mientras la base de datos está ocupada.";

        await using (var writer = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await writer.OpenAsync();
            await using (var begin = writer.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            using var response = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido });

            var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, response.Headers.ToString());
            Assert.DoesNotContain("SQLite", problem.ToString(), StringComparison.OrdinalIgnoreCase);

            await using var rollback = writer.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        await using var db = factory.CreateDbContext();
        Assert.False(await db.Tickets.AnyAsync(t => t.Contenido == contenido));

        // Once the lock is gone the same request goes through.
        using var retry = await ana.PostAsJsonAsync("/api/tickets", new { categoriaTicketId = demo.Mantenimiento, contenido });
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(13, true)] // SQLITE_FULL
    [InlineData(19, false)] // SQLITE_CONSTRAINT: the request's own fault, not a transient one
    [InlineData(1, false)]
    public void Which_database_failures_are_transient(int code, bool transient)
    {
        var sqlite = new SqliteException("failure", code);

        Assert.Equal(transient, DatabaseFailures.IsTransient(sqlite));
        Assert.Equal(transient, DatabaseFailures.IsTransient(new DbUpdateException("saving", sqlite)));
        Assert.Equal(transient, DatabaseFailures.IsTransient(new InvalidOperationException("outer", new DbUpdateException("saving", sqlite))));
    }

    [Fact]
    public void An_extended_busy_code_is_transient_and_other_exceptions_are_not()
    {
        Assert.True(DatabaseFailures.IsTransient(new SqliteException("busy snapshot", 5, 517)));
        Assert.False(DatabaseFailures.IsTransient(new InvalidOperationException("no database here")));
        Assert.False(DatabaseFailures.IsTransient(new OperationCanceledException()));
    }
}
