using System.Data.Common;
using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PortalBench;

/// <summary>
/// Inserts many entities with one prepared INSERT per table, using the app's EF model for the table,
/// the columns and each column's value converter (UTC dates, JSON photo lists) — the same values
/// SaveChanges would write, at a few microseconds a row instead of EF's change tracking per row.
/// </summary>
internal sealed class ModelInserter<T> : IAsyncDisposable
    where T : class
{
    private readonly DbCommand command;
    private readonly (Func<T, object?> Get, ValueConverter? Converter, DbParameter Parameter)[] columns;

    private ModelInserter(DbCommand command, (Func<T, object?>, ValueConverter?, DbParameter)[] columns)
    {
        this.command = command;
        this.columns = columns;
    }

    public static async Task<ModelInserter<T>> CreateAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => p.PropertyInfo is not null && p.GetColumnName(table) is not null).ToArray();
        if (properties.Length != entityType.GetProperties().Count())
        {
            throw new InvalidOperationException($"{typeof(T).Name} has shadow properties; the inserter would leave them out.");
        }

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{table.Name}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(table)}\""))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i))})";
        // The type mapping makes each parameter as SaveChanges would (SQLite type, converter); rows then only set values.
        var columns = properties.Select((p, i) =>
        {
            var mapping = p.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, "$p" + i, null, p.IsNullable);
            command.Parameters.Add(parameter);
            var info = p.PropertyInfo!;
            return ((Func<T, object?>)(row => info.GetValue(row)), mapping.Converter, parameter);
        }).ToArray();
        await command.PrepareAsync(cancellationToken);
        return new ModelInserter<T>(command, columns);
    }

    public async Task InsertAsync(IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            foreach (var (get, converter, parameter) in columns)
            {
                var value = get(row);
                parameter.Value = (value is not null && converter is not null ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
