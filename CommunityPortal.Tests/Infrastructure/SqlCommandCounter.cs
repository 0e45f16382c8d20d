using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands EF Core sends, to prove a list costs a bounded number of statements, and keeps
/// the readers' SQL with its parameters so a test can ask SQLite for their query plans.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<RecordedCommand> commands = new();
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>The queries (readers) since the last <see cref="Reset"/>, in order.</summary>
    public IReadOnlyList<RecordedCommand> Queries => [.. commands];

    public void Reset()
    {
        Interlocked.Exchange(ref count, 0);
        commands.Clear();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        commands.Enqueue(new RecordedCommand(command.CommandText,
            [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value))]));
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref count);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

public sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
