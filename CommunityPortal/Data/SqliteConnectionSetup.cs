using System.Data.Common;
using System.Runtime.CompilerServices;
using CommunityPortal.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace CommunityPortal.Data;

/// <summary>
/// Prepares each SQLite connection the first time it is opened: the per-connection PRAGMAs (wait up to
/// <c>Database:BusyTimeoutSeconds</c> for a busy writer instead of failing at once, fsync at checkpoints only, enforce foreign keys) and the
/// <c>portal_fold</c> function, which lets queries call <see cref="SearchText.Fold"/> on a column — SQLite's
/// own LOWER and LIKE fold ASCII only, so "perez" would never find "Pérez".
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite pools the native connections behind <see cref="SqliteConnection"/>, and both settings
/// and functions live on the native connection, so they are applied once per native connection rather than on
/// every open: a request would otherwise pay for a PRAGMA round trip before its first query.
/// </remarks>
internal sealed class SqliteConnectionSetup(int busyTimeoutSeconds) : DbConnectionInterceptor
{
    public const string FoldName = "portal_fold";

    private readonly string Pragmas =
        $"PRAGMA busy_timeout={busyTimeoutSeconds * 1000}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    // Keyed by the native handle, which the pool hands from one SqliteConnection to the next; an entry goes
    // when the pool closes the handle and it is collected.
    private readonly ConditionalWeakTable<sqlite3, object> prepared = [];

    public static void Map(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(SearchText).GetMethod(nameof(SearchText.Fold))!).HasName(FoldName);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSetup(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Prepared(sqlite);
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSetup(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Prepared(sqlite);
        }
    }

    private SqliteConnection? NeedsSetup(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } sqlite && !prepared.TryGetValue(handle, out _) ? sqlite : null;

    private void Prepared(SqliteConnection sqlite)
    {
        // Registered on the native handle itself: SqliteConnection.CreateFunction would register it again on every
        // open and remove it whenever the connection goes back to the pool, where the next SqliteConnection to
        // get the handle would find it missing.
        var handle = sqlite.Handle!;
        var result = raw.sqlite3_create_function(handle, FoldName, 1, raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, Fold);
        if (result != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Could not register {FoldName}: {raw.sqlite3_errmsg(handle).utf8_to_string()}");
        }

        prepared.AddOrUpdate(handle, this);
    }

    private static void Fold(sqlite3_context context, object userData, sqlite3_value[] args)
    {
        if (raw.sqlite3_value_type(args[0]) == raw.SQLITE_NULL)
        {
            raw.sqlite3_result_null(context);
        }
        else
        {
            raw.sqlite3_result_text(context, SearchText.Fold(raw.sqlite3_value_text(args[0]).utf8_to_string()));
        }
    }
}
