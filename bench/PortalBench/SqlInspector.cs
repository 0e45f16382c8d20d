using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PortalBench;

/// <summary>The SQL one request runs, and SQLite's plan for each statement.</summary>
internal sealed record SqlFigures(string Key, int Statements, IReadOnlyList<SqlStatement> Commands);

internal sealed record SqlStatement(string Text, IReadOnlyList<string> Plan);

/// <summary>
/// Starts the app with EF Core's command log on, sends each endpoint once (after a warm-up request) and
/// reads back which statements it ran; then asks SQLite for each statement's EXPLAIN QUERY PLAN on the same
/// database. The plan does not depend on the parameter values (the app never runs ANALYZE), so they are bound as NULL.
/// </summary>
internal static partial class SqlInspector
{
    private const int CommandExecutedEventId = 20101;

    public static async Task<List<SqlFigures>> RunAsync(BenchPaths paths, string database, Func<AppServer, Task<IReadOnlyList<Endpoint>>> endpoints)
    {
        var results = new List<(string Key, List<string> Sql)>();
        var log = Path.Combine(paths.Out, "logs", "sql.log");
        await using (var app = await AppServer.StartAsync(paths, database, "sql", new Dictionary<string, string>
        {
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
        }))
        {
            foreach (var endpoint in await endpoints(app))
            {
                await Requests.SendAsync(app, endpoint);
                await Task.Delay(300);
                var start = new FileInfo(log).Length;
                await Requests.SendAsync(app, endpoint);
                // The console logger writes from a background queue.
                await Task.Delay(500);
                results.Add((endpoint.Key, ReadCommands(log, start)));
            }
        }

        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        return [.. results.Select(r => new SqlFigures(r.Key, r.Sql.Count, [.. r.Sql.Select(sql => new SqlStatement(sql, Plan(connection, sql)))]))];
    }

    private static List<string> ReadCommands(string log, long from)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = from;
        using var reader = new StreamReader(stream);
        var commands = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.TryGetProperty("EventId", out var id) && id.GetInt32() == CommandExecutedEventId
                && entry.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("commandText", out var text))
            {
                commands.Add(text.GetString() ?? "");
            }
        }

        return commands;
    }

    private static List<string> Plan(SqliteConnection connection, string sql)
    {
        if (!sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Parameter().Matches(sql).Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var rows = new List<(long Id, long Parent, string Detail)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(3)));
            }
        }

        // Indent children under their parent, as the sqlite3 shell does.
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        foreach (var (rowId, parent, detail) in rows)
        {
            var level = depth.GetValueOrDefault(parent) + 1;
            depth[rowId] = level;
            lines.Add(new string(' ', (level - 1) * 2) + detail);
        }

        return lines;
    }

    [GeneratedRegex(@"@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Parameter();
}

/// <summary>One request as the endpoint describes it, checked for the status it must answer.</summary>
internal static class Requests
{
    public static async Task SendAsync(AppServer app, Endpoint endpoint)
    {
        var path = endpoint.Ids is { Count: > 0 } ids ? endpoint.Path.Replace("{id}", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : endpoint.Path;
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", endpoint.Token);
        }

        if (endpoint.Body is not null)
        {
            request.Content = new StringContent(endpoint.Body, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await app.Client.SendAsync(request);
        if ((int)response.StatusCode != endpoint.ExpectedStatus)
        {
            throw new InvalidOperationException(
                $"{endpoint.Method} {path} answered {(int)response.StatusCode}, not {endpoint.ExpectedStatus}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
