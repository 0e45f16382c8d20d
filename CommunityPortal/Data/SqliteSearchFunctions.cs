using System.Data.Common;
using CommunityPortal.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityPortal.Data;

/// <summary>
/// Lets queries call <see cref="SearchText.Fold"/> on a column (<c>portal_fold(...)</c> in SQL): SQLite's own
/// LOWER and LIKE fold ASCII only, so "perez" would never find "Pérez". The function is registered on every
/// connection the context opens, with the same C# code that folds the stored search columns.
/// </summary>
internal sealed class SqliteSearchFunctions : DbConnectionInterceptor
{
    public const string FoldName = "portal_fold";

    public static readonly SqliteSearchFunctions Instance = new();

    public static void Map(ModelBuilder builder) =>
        builder.HasDbFunction(typeof(SearchText).GetMethod(nameof(SearchText.Fold))!).HasName(FoldName);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            sqlite.CreateFunction<string?, string?>(FoldName, SearchText.Fold, isDeterministic: true);
        }
    }
}
