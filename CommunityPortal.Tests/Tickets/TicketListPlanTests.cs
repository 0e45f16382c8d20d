using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// A status-filtered list pages and counts in the database the cheap way: SQLite reads the tickets of that status newest
/// first from an index and stops after the page, instead of sorting every ticket of that status (bench/: at
/// 100,000 tickets the sort cost ~250 ms a request). Without ANALYZE the plan does not depend on the data.
/// </summary>
public class TicketListPlanTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>
{
    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task A_status_filtered_admin_list_reads_its_page_from_an_index_without_sorting_the_status(string email)
    {
        var demo = await DemoData.LoadAsync(factory);
        using var admin = await factory.CreateApiClientAsync(email);

        await AssertPageReadInIndexOrderAsync(admin, $"/api/tickets?statusId={demo.Nuevo}&page=2&pageSize=10",
            "USING INDEX IX_Tickets_StatusId_FechaReporte");
    }

    [Theory]
    [InlineData("gestor@demo.local", "")]
    [InlineData("gestor@demo.local", "&q=agua")]
    [InlineData("admin@demo.local", "")]
    public async Task A_category_filtered_admin_list_reads_its_page_from_an_index_without_sorting_the_category(string email, string search)
    {
        int categoryId;
        await using (var db = factory.CreateDbContext())
        {
            categoryId = await db.Categorias.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        using var admin = await factory.CreateApiClientAsync(email);

        await AssertPageReadInIndexOrderAsync(admin, $"/api/tickets?categoriaTicketId={categoryId}&page=2&pageSize=10{search}",
            "USING INDEX IX_Tickets_CategoriaTicketId_FechaReporte");
    }

    [Theory]
    [InlineData("gestor@demo.local", "")]
    [InlineData("gestor@demo.local", "&q=agua")]
    [InlineData("admin@demo.local", "")]
    public async Task The_unfiltered_admin_list_reads_its_page_newest_first_from_the_date_index_without_sorting_the_scope(string email, string search)
    {
        using var admin = await factory.CreateApiClientAsync(email);

        await AssertPageReadInIndexOrderAsync(admin, $"/api/tickets?page=2&pageSize=10{search}",
            "SCAN t USING INDEX IX_Tickets_FechaReporte");
    }

    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task A_status_filtered_admin_lists_total_adds_up_counters_without_reading_tickets(string email)
    {
        var demo = await DemoData.LoadAsync(factory);
        using var admin = await factory.CreateApiClientAsync(email);

        await factory.CountCommandsAsync(admin, $"/api/tickets?statusId={demo.Nuevo}&page=2&pageSize=10");
        var count = Assert.Single(factory.Counter.Queries, q => !q.Sql.Contains("LIMIT", StringComparison.Ordinal));
        var plan = await QueryPlanAsync(count);

        Assert.Contains("FROM \"TicketCounts\"", count.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Tickets\"", count.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain(plan, row => row.Detail.Contains("IX_Tickets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_searched_admin_lists_total_counts_from_an_index_without_fetching_ticket_rows()
    {
        var demo = await DemoData.LoadAsync(factory);
        using var gestor = await factory.CreateApiClientAsync("gestor@demo.local");

        await factory.CountCommandsAsync(gestor, $"/api/tickets?statusId={demo.Nuevo}&q=agua&page=2&pageSize=10");
        var count = Assert.Single(factory.Counter.Queries, q => !q.Sql.Contains("LIMIT", StringComparison.Ordinal));
        var plan = await QueryPlanAsync(count);

        Assert.Contains("COUNT(*)", count.Sql, StringComparison.Ordinal);
        var tickets = Assert.Single(plan, row => row.Detail.Contains("IX_Tickets", StringComparison.Ordinal));
        Assert.Contains("USING COVERING INDEX IX_Tickets_ListCount (StatusId=", tickets.Detail, StringComparison.Ordinal);
    }

    /// <summary>The list's page query walks <paramref name="indexUse"/> in order and stops after the page.</summary>
    private async Task AssertPageReadInIndexOrderAsync(HttpClient client, string url, string indexUse)
    {
        await factory.CountCommandsAsync(client, url);
        var page = Assert.Single(factory.Counter.Queries, q => q.Sql.Contains("LIMIT", StringComparison.Ordinal));
        var plan = await QueryPlanAsync(page);

        Assert.Contains(plan, row => row.Detail.Contains(indexUse, StringComparison.Ordinal));
        // Only the final ORDER BY over the page's own rows may sort; nothing nested (the tickets' subquery) does.
        Assert.DoesNotContain(plan, row => row.Parent != 0 && row.Detail.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private async Task<List<(long Parent, string Detail)>> QueryPlanAsync(RecordedCommand query)
    {
        await using var db = factory.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(1), reader.GetString(3)));
        }

        return rows;
    }
}
