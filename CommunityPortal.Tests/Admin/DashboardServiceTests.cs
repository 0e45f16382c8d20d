using CommunityPortal.Features.Admin;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Admin;

/// <summary>
/// The dashboard against the seeded demo tickets (domain.md): Los Robles has EN_PROCESO (6 days), EN_REVISION (2),
/// RESUELTO (reported 20 days ago, resolved 20 hours later), NUEVO (1) and CANCELADO (12); Villa Norte has
/// EN_INVESTIGACION (4). Read-only: nothing here changes the data.
/// </summary>
public class DashboardServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<DashboardDto> DashboardAsync(string email, int? communityId = null)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(user, communityId, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!;
    }

    [Fact]
    public async Task Gestor_sees_the_numbers_of_Administradora_Demo_only()
    {
        var dashboard = await DashboardAsync("gestor@demo.local");

        Assert.Equal(3, dashboard.Open);
        Assert.Equal(0, dashboard.NewToday);
        Assert.Equal(1, dashboard.InProgress);
        Assert.Equal(1, dashboard.ResolvedLast30Days);
        Assert.Equal(TimeSpan.FromHours(20), dashboard.MedianResolution);
        Assert.Equal(1, dashboard.MedianSampleSize);
        Assert.Equal(
            new Dictionary<string, int> { ["NUEVO"] = 1, ["EN_REVISION"] = 1, ["EN_INVESTIGACION"] = 0, ["EN_PROCESO"] = 1 },
            dashboard.OpenByStatus.ToDictionary(s => s.Code, s => s.Count));
        Assert.Equal("#1E88E5", dashboard.OpenByStatus.Single(s => s.Code == "NUEVO").Color);
        Assert.Equal(
            new Dictionary<string, int> { ["Amenidades"] = 1, ["Mantenimiento"] = 1, ["Seguridad"] = 1 },
            dashboard.OpenByCategory.ToDictionary(c => c.Nombre, c => c.Count));
        Assert.Equal(DashboardService.TrendWeeks, dashboard.Weekly.Count);
        // Reported 1, 2, 6, 12 and 20 days ago: all five fall inside the ten weeks; one resolution.
        Assert.Equal(5, dashboard.Weekly.Sum(w => w.Opened));
        Assert.Equal(1, dashboard.Weekly.Sum(w => w.Resolved));
        Assert.All(dashboard.Weekly, w => Assert.Equal(DayOfWeek.Monday, w.WeekStart.DayOfWeek));
    }

    [Fact]
    public async Task System_admin_sees_every_company()
    {
        var dashboard = await DashboardAsync("admin@demo.local");

        Assert.Equal(4, dashboard.Open);
        Assert.Equal(1, dashboard.InProgress);
        Assert.Equal(1, dashboard.ResolvedLast30Days);
        Assert.Equal(TimeSpan.FromHours(20), dashboard.MedianResolution);
        Assert.Equal(1, dashboard.OpenByStatus.Single(s => s.Code == "EN_INVESTIGACION").Count);
        Assert.Equal(6, dashboard.Weekly.Sum(w => w.Opened));
    }

    [Fact]
    public async Task Gestor_norte_never_counts_or_charts_Administradora_Demo()
    {
        var demo = await DemoData.LoadAsync(factory);
        var dashboard = await DashboardAsync("gestor.norte@demo.local");

        Assert.Equal(1, dashboard.Open);
        Assert.Equal(0, dashboard.InProgress);
        Assert.Equal(0, dashboard.ResolvedLast30Days);
        Assert.Null(dashboard.MedianResolution);
        Assert.Equal(["EN_INVESTIGACION"], dashboard.OpenByStatus.Where(s => s.Count > 0).Select(s => s.Code));
        Assert.Equal(["Mantenimiento"], dashboard.OpenByCategory.Select(c => c.Nombre));
        Assert.Equal(1, dashboard.Weekly.Sum(w => w.Opened));

        var user = await ServiceUsers.GetAsync(factory, "gestor.norte@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DashboardService>();
        Assert.Equal(["Villa Norte"], (await service.ListCommunitiesAsync(user, CancellationToken.None)).Select(c => c.Name));
        Assert.Equal(ServiceError.NotFound, (await service.GetAsync(user, demo.Robles, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task The_community_selector_narrows_every_number()
    {
        var demo = await DemoData.LoadAsync(factory);

        var torres = await DashboardAsync("gestor@demo.local", demo.Torres);
        var robles = await DashboardAsync("admin@demo.local", demo.Robles);

        Assert.Equal(0, torres.Open);
        Assert.Empty(torres.OpenByCategory);
        Assert.Null(torres.MedianResolution);
        Assert.Equal(3, robles.Open);
        Assert.Equal(0, robles.OpenByStatus.Single(s => s.Code == "EN_INVESTIGACION").Count);
    }

    [Fact]
    public async Task Residents_get_no_dashboard()
    {
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<DashboardService>();

        Assert.Equal(ServiceError.Forbidden, (await service.GetAsync(ana, null, CancellationToken.None)).Error);
        Assert.Empty(await service.ListCommunitiesAsync(ana, CancellationToken.None));
    }

    [Theory]
    [InlineData(new double[0], null)]
    [InlineData(new double[] { 5 }, 5.0)]
    [InlineData(new double[] { 1, 3, 10 }, 3.0)]
    [InlineData(new double[] { 1, 3, 5, 10 }, 4.0)]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two(double[] hours, double? expected)
    {
        var median = DashboardService.Median(hours.Select(TimeSpan.FromHours).ToList());

        Assert.Equal(expected, median?.TotalHours);
    }
}
