using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

public class TicketReadApiTests(PortalAppFactory factory) : TicketApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Admin_list_needs_a_token()
    {
        using var client = Factory.CreateAnonymousClient();

        await ApiErrorTests.AssertProblemAsync(await client.GetAsync("/api/tickets"), HttpStatusCode.Unauthorized);
        await ApiErrorTests.AssertProblemAsync(await client.GetAsync("/api/tickets/my"), HttpStatusCode.Unauthorized);
        await ApiErrorTests.AssertProblemAsync(await client.GetAsync("/api/tickets/1"), HttpStatusCode.Unauthorized);
        await ApiErrorTests.AssertProblemAsync(await client.GetAsync("/api/tickets/1/history"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_resident_cannot_use_the_admin_lists()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");

        await ApiErrorTests.AssertProblemAsync(await ana.GetAsync("/api/tickets"), HttpStatusCode.Forbidden);
        await ApiErrorTests.AssertProblemAsync(await ana.GetAsync($"/api/tickets/community/{demo.Robles}"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("gestor@demo.local", new[] { "Residencial Los Robles", "Torres del Parque" })]
    [InlineData("gestor.norte@demo.local", new[] { "Villa Norte" })]
    [InlineData("admin@demo.local", new[] { "Residencial Los Robles", "Torres del Parque", "Villa Norte" })]
    public async Task The_admin_list_holds_exactly_the_tickets_of_the_callers_companies_newest_first(string email, string[] communities)
    {
        using var client = await As(email);
        await using var db = Factory.CreateDbContext();
        var expectedTotal = db.Tickets.Count(t => !t.IsDeleted && communities.Contains(t.Community.Name));

        using var response = await client.GetAsync("/api/tickets?pageSize=200");
        var tickets = await ReadListAsync(response);

        Assert.Equal(expectedTotal.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(expectedTotal, tickets.Count);
        Assert.All(tickets, t => Assert.Contains(t.GetProperty("communityName").GetString(), communities));
        var dates = tickets.Select(t => t.GetProperty("fechaReporte").GetDateTime()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task A_ticket_reads_as_the_contract_shows_it_with_an_etag()
    {
        var demo = await DemoAsync();
        using var ana = await As("ana@demo.local");
        var id = await CreateOwnTicketAsync("ana@demo.local", "La bomba de agua hace ruido.");

        using var response = await ana.GetAsync($"/api/tickets/{id}");
        var ticket = await ReadAsync(response);

        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(id, ticket.GetProperty("id").GetInt32());
        Assert.Equal(demo.Mantenimiento, ticket.GetProperty("categoriaTicketId").GetInt32());
        Assert.Equal("Mantenimiento", ticket.GetProperty("categoria").GetProperty("nombre").GetString());
        Assert.Equal("NUEVO", ticket.GetProperty("status").GetProperty("code").GetString());
        Assert.Equal("#1E88E5", ticket.GetProperty("status").GetProperty("color").GetString());
        Assert.Equal(demo.Robles, ticket.GetProperty("communityId").GetInt32());
        Assert.Equal("Residencial Los Robles", ticket.GetProperty("communityName").GetString());
        Assert.Equal(demo.Ana, ticket.GetProperty("residentId").GetInt32());
        Assert.Equal("Ana Pérez", ticket.GetProperty("residentName").GetString());
        Assert.Equal("Casa 12", ticket.GetProperty("unit").GetString());
        Assert.Equal(0, ticket.GetProperty("commentCount").GetInt32());
        Assert.Empty(ticket.GetProperty("imageUrls").EnumerateArray());
        Assert.EndsWith("Z", ticket.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        Assert.False(ticket.TryGetProperty("version", out _));
        Assert.False(ticket.TryGetProperty("eTag", out _));
    }

    [Theory]
    [InlineData("ana@demo.local", HttpStatusCode.OK)]
    [InlineData("gestor@demo.local", HttpStatusCode.OK)]
    [InlineData("admin@demo.local", HttpStatusCode.OK)]
    [InlineData("luis@demo.local", HttpStatusCode.NotFound)]
    [InlineData("marta@demo.local", HttpStatusCode.NotFound)]
    [InlineData("gestor.norte@demo.local", HttpStatusCode.NotFound)]
    public async Task Reading_one_ticket_and_its_history_follows_ownership_and_company_scope(string email, HttpStatusCode expected)
    {
        var id = await CreateOwnTicketAsync("ana@demo.local", "Puerta del quincho rota.");
        using var client = await As(email);

        using var ticket = await client.GetAsync($"/api/tickets/{id}");
        using var history = await client.GetAsync($"/api/tickets/{id}/history");

        Assert.Equal(expected, ticket.StatusCode);
        Assert.Equal(expected, history.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            await ApiErrorTests.AssertProblemAsync(ticket, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task An_unknown_ticket_is_404()
    {
        using var admin = await As("admin@demo.local");

        await ApiErrorTests.AssertProblemAsync(await admin.GetAsync("/api/tickets/999999"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await admin.GetAsync("/api/tickets/999999/history"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task My_tickets_are_only_the_callers_own()
    {
        var demo = await DemoAsync();
        using var luis = await As("luis@demo.local");
        using var gestor = await As("gestor@demo.local");

        var mine = await ReadListAsync(await luis.GetAsync("/api/tickets/my"));
        var adminsOwn = await ReadListAsync(await gestor.GetAsync("/api/tickets/my"));

        Assert.NotEmpty(mine);
        Assert.All(mine, t => Assert.Equal(demo.Luis, t.GetProperty("residentId").GetInt32()));
        Assert.Empty(adminsOwn);
    }

    [Fact]
    public async Task The_community_list_is_scoped_and_another_companys_community_is_404()
    {
        var demo = await DemoAsync();
        using var gestor = await As("gestor@demo.local");
        using var norte = await As("gestor.norte@demo.local");

        var robles = await ReadListAsync(await gestor.GetAsync($"/api/tickets/community/{demo.Robles}"));
        Assert.NotEmpty(robles);
        Assert.All(robles, t => Assert.Equal(demo.Robles, t.GetProperty("communityId").GetInt32()));

        await ApiErrorTests.AssertProblemAsync(await norte.GetAsync($"/api/tickets/community/{demo.Robles}"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await gestor.GetAsync("/api/tickets/community/999999"), HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(await norte.GetAsync($"/api/tickets?communityId={demo.Robles}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Paging_headers_describe_the_whole_list()
    {
        using var gestor = await As("gestor@demo.local");
        var total = int.Parse((await gestor.GetAsync("/api/tickets")).Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= 4, "the demo gives gestor at least four tickets");

        using var first = await gestor.GetAsync("/api/tickets?pageSize=2");
        using var second = await gestor.GetAsync("/api/tickets?pageSize=2&page=2");
        var firstPage = await ReadListAsync(first);
        var secondPage = await ReadListAsync(second);

        Assert.Equal(2, firstPage.Count);
        Assert.Equal(2, secondPage.Count);
        Assert.Empty(firstPage.Select(Id).Intersect(secondPage.Select(Id)));
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains("page=2&pageSize=2>; rel=\"next\"", link.Replace("pageSize=2&page=2", "page=2&pageSize=2", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("rel=\"first\"", link, StringComparison.Ordinal);
        Assert.Contains($"page={(total + 1) / 2}", Rel(link, "last"), StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", link, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", second.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("sort=contenido", "sort")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task Bad_list_parameters_are_validation_problems(string query, string field)
    {
        using var gestor = await As("gestor@demo.local");

        var problem = await ApiErrorTests.AssertProblemAsync(await gestor.GetAsync($"/api/tickets?{query}"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task PageSize_200_is_accepted()
    {
        using var gestor = await As("gestor@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await gestor.GetAsync("/api/tickets?pageSize=200")).StatusCode);
    }

    [Fact]
    public async Task Q_finds_words_ignoring_case_and_accents()
    {
        using var luis = await As("luis@demo.local");
        var id = await CreateOwnTicketAsync("luis@demo.local", "La PISCINA del sector sur tiene el agua turbia, qué pena.");

        foreach (var q in new[] { "piscína", "Piscina", "piscina turbia", "QUE pena", "sur" })
        {
            var found = await ReadListAsync(await luis.GetAsync($"/api/tickets/my?q={Uri.EscapeDataString(q)}"));
            Assert.Contains(id, found.Select(Id));
        }

        var missing = await ReadListAsync(await luis.GetAsync($"/api/tickets/my?q={Uri.EscapeDataString("piscina norte")}"));
        Assert.DoesNotContain(id, missing.Select(Id));
    }

    [Fact]
    public async Task Filters_by_status_category_resident_and_dates()
    {
        var demo = await DemoAsync();
        using var gestor = await As("gestor@demo.local");

        var byStatus = await ReadListAsync(await gestor.GetAsync($"/api/tickets?statusId={demo.Nuevo}&pageSize=200"));
        Assert.NotEmpty(byStatus);
        Assert.All(byStatus, t => Assert.Equal(demo.Nuevo, t.GetProperty("statusId").GetInt32()));

        var byCategory = await ReadListAsync(await gestor.GetAsync($"/api/tickets?categoriaTicketId={demo.Seguridad}&pageSize=200"));
        Assert.NotEmpty(byCategory);
        Assert.All(byCategory, t => Assert.Equal(demo.Seguridad, t.GetProperty("categoriaTicketId").GetInt32()));

        var byResident = await ReadListAsync(await gestor.GetAsync($"/api/tickets?residentId={demo.Luis}&pageSize=200"));
        Assert.NotEmpty(byResident);
        Assert.All(byResident, t => Assert.Equal(demo.Luis, t.GetProperty("residentId").GetInt32()));

        var from = DateTime.UtcNow.AddDays(-3);
        var recent = await ReadListAsync(await gestor.GetAsync($"/api/tickets?from={from:O}&pageSize=200"));
        Assert.NotEmpty(recent);
        Assert.All(recent, t => Assert.True(t.GetProperty("fechaReporte").GetDateTime().ToUniversalTime() >= from));
        var old = await ReadListAsync(await gestor.GetAsync($"/api/tickets?to={from:O}&pageSize=200"));
        Assert.NotEmpty(old);
        Assert.All(old, t => Assert.True(t.GetProperty("fechaReporte").GetDateTime().ToUniversalTime() <= from));
    }

    [Fact]
    public async Task Sort_orders_the_list()
    {
        using var gestor = await As("gestor@demo.local");

        var oldestFirst = await ReadListAsync(await gestor.GetAsync("/api/tickets?sort=fechaReporte&pageSize=200"));
        var byStatus = await ReadListAsync(await gestor.GetAsync("/api/tickets?sort=statusId&pageSize=200"));
        var byUpdate = await ReadListAsync(await gestor.GetAsync("/api/tickets?sort=-updatedAt&pageSize=200"));

        var dates = oldestFirst.Select(t => t.GetProperty("fechaReporte").GetDateTime()).ToList();
        Assert.Equal(dates.Order(), dates);
        var statuses = byStatus.Select(t => t.GetProperty("statusId").GetInt32()).ToList();
        Assert.Equal(statuses.Order(), statuses);
        var updates = byUpdate.Select(t => t.GetProperty("updatedAt").GetDateTime()).ToList();
        Assert.Equal(updates.OrderDescending(), updates);
    }

    [Fact]
    public async Task The_comment_count_counts_the_thread()
    {
        using var ana = await As("ana@demo.local");

        var mine = await ReadListAsync(await ana.GetAsync("/api/tickets/my?q=piscina"));

        var leak = Assert.Single(mine, t => t.GetProperty("contenido").GetString()!.Contains("fuga de agua en la piscina", StringComparison.Ordinal));
        Assert.Equal(4, leak.GetProperty("commentCount").GetInt32());
    }

    private static int Id(JsonElement ticket) => ticket.GetProperty("id").GetInt32();

    private static string Rel(string link, string rel) =>
        link.Split(", ").Single(part => part.EndsWith($"rel=\"{rel}\"", StringComparison.Ordinal));
}
