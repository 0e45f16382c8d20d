using Microsoft.Data.Sqlite;

namespace CommunityPortal.Data;

/// <summary>
/// The one rule for "the database could not do it right now, try again": the API answers 503 with Retry-After and the
/// pages keep what was typed and offer to try again. Anything else is a real error.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>What the API tells a client to wait (Retry-After) before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    // SQLite's primary result codes: another connection holds the lock for longer than the busy timeout (BUSY), a
    // table is locked within a shared cache (LOCKED), or the disk or database is full (FULL).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    /// <summary>Whether <paramref name="exception"/>, or one it wraps (EF's DbUpdateException), is a busy, locked or full database.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteFull)
            {
                return true;
            }
        }

        return false;
    }
}
