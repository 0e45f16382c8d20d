using CommunityPortal.Features.Admin;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Admin;

/// <summary>What the admin grid does through the services: multi-status filter, company scope, bulk status change.</summary>
public class AdminTicketOperationsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<PagedResult<TicketDto>> ListAsync(string email, TicketListQuery query)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketQueries>()
            .ListAsync(user, TicketQueries.ListScope.Managed, query, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!;
    }

    [Fact]
    public async Task The_grid_filters_by_several_statuses_at_once_and_sorts_by_status_both_ways()
    {
        var demo = await DemoData.LoadAsync(factory);

        var open = await ListAsync("admin@demo.local", new TicketListQuery
        {
            StatusIds = [demo.Nuevo, demo.EnRevision, demo.EnProceso], Sort = "-statusId",
        });

        Assert.All(open.Items, t => Assert.Contains(t.StatusId, new[] { demo.Nuevo, demo.EnRevision, demo.EnProceso }));
        Assert.Equal(open.Items.Select(t => t.StatusId).OrderDescending(), open.Items.Select(t => t.StatusId));
        Assert.Equal(open.TotalCount, open.Items.Count);
        Assert.True(open.TotalCount >= 3);
    }

    [Fact]
    public async Task Gestor_norte_lists_only_villa_norte_whatever_the_filter()
    {
        var demo = await DemoData.LoadAsync(factory);

        var everything = await ListAsync("gestor.norte@demo.local", new TicketListQuery { PageSize = 200 });
        var searched = await ListAsync("gestor.norte@demo.local", new TicketListQuery { Q = "piscina" });

        Assert.NotEmpty(everything.Items);
        Assert.All(everything.Items, t => Assert.Equal(demo.VillaNorte, t.CommunityId));
        Assert.Empty(searched.Items);
    }

    [Fact]
    public async Task Bulk_status_change_applies_per_ticket_and_reports_stale_and_foreign_tickets()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        var robles = await ListAsync("gestor@demo.local", new TicketListQuery { CommunityId = demo.Robles, StatusIds = [demo.Nuevo, demo.EnRevision] });
        var marta = (await ListAsync("admin@demo.local", new TicketListQuery { CommunityId = demo.VillaNorte })).Items[0];
        Assert.Equal(2, robles.Items.Count);
        var stale = robles.Items[0];
        var fresh = robles.Items[1];

        await using var scope = factory.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var queries = scope.ServiceProvider.GetRequiredService<TicketQueries>();
        // Someone else edits one of them after the grid was loaded.
        Assert.True((await tickets.UpdateAsync(gestor, stale.Id, new UpdateTicketRequest(null, null, "Editado por otra persona", null), null, CancellationToken.None)).Succeeded);

        var result = await scope.ServiceProvider.GetRequiredService<BulkStatusService>().ChangeStatusAsync(gestor,
            [new BulkTicketRef(stale.Id, stale.ETag), new BulkTicketRef(fresh.Id, fresh.ETag), new BulkTicketRef(marta.Id, marta.ETag)],
            demo.EnProceso, CancellationToken.None);

        Assert.Equal([fresh.Id], result.Changed);
        Assert.Equal(
            new[] { (stale.Id, ServiceError.PreconditionFailed), (marta.Id, ServiceError.NotFound) }.OrderBy(f => f.Item1),
            result.Failed.Select(f => (f.TicketId, f.Error)).OrderBy(f => f.Item1));
        Assert.Equal(demo.EnProceso, (await queries.GetAsync(gestor, fresh.Id, CancellationToken.None)).Value!.StatusId);
        Assert.NotEqual(demo.EnProceso, (await queries.GetAsync(gestor, stale.Id, CancellationToken.None)).Value!.StatusId);
        var history = (await queries.GetHistoryAsync(gestor, fresh.Id, CancellationToken.None)).Value!;
        Assert.Contains(history, h => h.Action == TicketHistoryActions.StatusChanged && h.ToStatusId == demo.EnProceso);

        // Asking again for a status the ticket already has writes nothing.
        var current = (await queries.GetAsync(gestor, fresh.Id, CancellationToken.None)).Value!;
        var again = await scope.ServiceProvider.GetRequiredService<BulkStatusService>().ChangeStatusAsync(gestor,
            [new BulkTicketRef(current.Id, current.ETag)], demo.EnProceso, CancellationToken.None);
        Assert.Equal([current.Id], again.Unchanged);
        Assert.Empty(again.Changed);
    }
}
