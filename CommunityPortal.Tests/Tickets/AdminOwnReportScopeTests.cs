using System.Globalization;
using System.Net;
using System.Text.Json;
using CommunityPortal.Features.Admin;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Tickets;

/// <summary>
/// A company administrator who also lives in another company's community: the report they make there is theirs
/// (/my, the ticket itself) but not their company's, so their admin lists leave it out (api.md: ADMIN_COMPANY
/// "own company's communities"), and the administrator of that community sees it.
/// </summary>
public class AdminOwnReportScopeTests(PortalAppFactory factory) : TicketApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private const string Word = "goterazul";

    [Fact]
    public async Task An_admins_own_report_in_another_companys_community_is_in_their_tickets_not_in_their_admin_lists()
    {
        var demo = await DemoAsync();
        var ticketId = await AddGestorsOwnReportInVillaNorteAsync(demo);
        using var gestor = await As("gestor@demo.local");
        using var norte = await As("gestor.norte@demo.local");

        Assert.Contains(ticketId, (await ReadListAsync(await gestor.GetAsync("/api/tickets/my"))).Select(Id));
        Assert.Equal(HttpStatusCode.OK, (await gestor.GetAsync($"/api/tickets/{ticketId}")).StatusCode);

        using var all = await gestor.GetAsync("/api/tickets?pageSize=200");
        var listed = await ReadListAsync(all);
        Assert.DoesNotContain(ticketId, listed.Select(Id));
        Assert.Equal(ExpectedTotal(t => t.Community.Name != "Villa Norte"), Total(all));

        using var byStatus = await gestor.GetAsync($"/api/tickets?statusId={demo.Nuevo}&pageSize=200");
        Assert.DoesNotContain(ticketId, (await ReadListAsync(byStatus)).Select(Id));
        Assert.Equal(ExpectedTotal(t => t.Community.Name != "Villa Norte" && t.StatusId == demo.Nuevo), Total(byStatus));

        using var searched = await gestor.GetAsync($"/api/tickets?q={Word}");
        Assert.Empty(await ReadListAsync(searched));
        Assert.Equal(0, Total(searched));

        var export = await (await gestor.GetAsync("/api/tickets/export.csv")).Content.ReadAsStringAsync();
        Assert.Contains("Residencial Los Robles", export, StringComparison.Ordinal);
        Assert.DoesNotContain(Word, export, StringComparison.OrdinalIgnoreCase);
        await ApiErrorTests.AssertProblemAsync(await gestor.GetAsync($"/api/tickets/community/{demo.VillaNorte}"), HttpStatusCode.NotFound);

        using var norteSearch = await norte.GetAsync($"/api/tickets?q={Word}");
        Assert.Equal([ticketId], (await ReadListAsync(norteSearch)).Select(Id));
        Assert.Equal(1, Total(norteSearch));
    }

    [Fact]
    public async Task An_admins_own_report_elsewhere_is_not_in_their_dashboard()
    {
        var demo = await DemoAsync();
        var dashboards = Factory.Services.GetRequiredService<DashboardService>();
        var gestor = await ServiceUsers.GetAsync(Factory, "gestor@demo.local");
        var before = (await dashboards.GetAsync(gestor, null, CancellationToken.None)).Value!;

        await AddGestorsOwnReportInVillaNorteAsync(demo, "Depto 8Y", "Se cae la baranda del balcón");
        var after = (await dashboards.GetAsync(gestor, null, CancellationToken.None)).Value!;

        Assert.Equal(ExpectedTotal(t => t.Community.Name != "Villa Norte" && !t.Status.EsFinal), after.Open);
        Assert.Equal(before.Open, after.Open);
        Assert.Equal(before.NewToday, after.NewToday);
    }

    private async Task<int> AddGestorsOwnReportInVillaNorteAsync(DemoData demo, string unit = "Depto 9Z", string? text = null)
    {
        await using var db = Factory.CreateDbContext();
        var profile = new Resident
        {
            UserId = db.Users.Single(u => u.Email == "gestor@demo.local").Id,
            CommunityId = demo.VillaNorte, FullName = "Gestor Vecino", Unit = unit,
        };
        db.Residents.Add(profile);
        await db.SaveChangesAsync();
        var ticket = new Ticket
        {
            CategoriaTicketId = demo.Mantenimiento, StatusId = demo.Nuevo, Contenido = text ?? $"Una {Word} en mi baño",
            CommunityId = demo.VillaNorte, ResidentId = profile.Id,
        };
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    }

    private int ExpectedTotal(System.Linq.Expressions.Expression<Func<Ticket, bool>> predicate)
    {
        using var db = Factory.CreateDbContext();
        return db.Tickets.Where(t => !t.IsDeleted).Count(predicate);
    }

    private static int Total(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);

    private static int Id(JsonElement ticket) => ticket.GetProperty("id").GetInt32();
}
