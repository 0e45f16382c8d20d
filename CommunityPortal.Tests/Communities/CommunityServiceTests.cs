using CommunityPortal.Auth;
using CommunityPortal.Features.Communities;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Communities;

public class CommunityServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(CommunityService Service, CurrentUser User)> AsAsync(string email)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        return (factory.Services.CreateScope().ServiceProvider.GetRequiredService<CommunityService>(), user);
    }

    private async Task<int> CompanyIdAsync(string name)
    {
        await using var db = factory.CreateDbContext();
        return await db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }

    [Fact]
    public async Task A_company_admin_lists_only_their_communities_with_active_residents_and_open_tickets()
    {
        var (communities, gestor) = await AsAsync("gestor@demo.local");

        var list = (await communities.ListAsync(gestor, null, default)).Value!;

        Assert.Contains(list, c => c.Name == "Torres del Parque");
        Assert.DoesNotContain(list, c => c.Name == "Villa Norte");
        Assert.All(list, c => Assert.Equal("Administradora Demo", c.CompanyName));
        Assert.Equal(list.Select(c => c.Name).Order(StringComparer.Ordinal), list.Select(c => c.Name));
        var robles = list.Single(c => c.Name == "Residencial Los Robles");
        Assert.Equal("Av. Los Robles 1450", robles.Address);
        Assert.Equal(2, robles.ActiveResidents);
        // Ana's EN_PROCESO and EN_REVISION and Luis's NUEVO; the resolved and the cancelled ones are closed.
        Assert.Equal(3, robles.OpenTickets);
    }

    [Fact]
    public async Task Gestor_norte_never_lists_or_reads_administradora_demo_communities()
    {
        var (communities, norte) = await AsAsync("gestor.norte@demo.local");
        var demo = await DemoData.LoadAsync(factory);

        var list = (await communities.ListAsync(norte, await CompanyIdAsync("Administradora Demo"), default)).Value!;
        Assert.Empty(list);
        var own = (await communities.ListAsync(norte, null, default)).Value!;
        Assert.Contains(own, c => c.Name == "Villa Norte");
        Assert.All(own, c => Assert.Equal("Gestiones Norte", c.CompanyName));

        Assert.Equal(ServiceError.NotFound, (await communities.GetAsync(norte, demo.Robles, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await communities.GetAsync(norte, demo.Torres, default)).Error);
    }

    [Fact]
    public async Task Gestor_norte_cannot_edit_a_los_robles_community_nor_create_one_in_another_company()
    {
        var (communities, norte) = await AsAsync("gestor.norte@demo.local");
        var demo = await DemoData.LoadAsync(factory);
        var demoCompany = await CompanyIdAsync("Administradora Demo");

        var edit = await communities.UpdateAsync(norte, demo.Robles, new CommunityRequest("Robles de Norte", null), default);
        var move = await communities.UpdateAsync(norte, demo.VillaNorte, new CommunityRequest("Villa Norte", null, demoCompany), default);
        var create = await communities.CreateAsync(norte, new CommunityRequest("Intrusa", null, demoCompany), default);

        Assert.Equal(ServiceError.NotFound, edit.Error);
        Assert.Equal(ServiceError.NotFound, move.Error);
        Assert.Equal(ServiceError.NotFound, create.Error);
        await using var db = factory.CreateDbContext();
        Assert.Equal("Residencial Los Robles", await db.Communities.Where(c => c.Id == demo.Robles).Select(c => c.Name).SingleAsync());
        Assert.NotEqual(demoCompany, await db.Communities.Where(c => c.Id == demo.VillaNorte).Select(c => c.CompanyId).SingleAsync());
        Assert.False(await db.Communities.AnyAsync(c => c.Name == "Intrusa"));
    }

    [Fact]
    public async Task A_company_admin_creates_a_community_in_their_company_and_names_are_unique_per_company()
    {
        var (communities, gestor) = await AsAsync("gestor@demo.local");

        var created = await communities.CreateAsync(gestor, new CommunityRequest(" Condominio  Las Palmas ", "  Pasaje 5  "), default);

        Assert.True(created.Succeeded);
        Assert.Equal("Condominio Las Palmas", created.Value!.Name);
        Assert.Equal("Pasaje 5", created.Value.Address);
        Assert.Equal("Administradora Demo", created.Value.CompanyName);

        var duplicate = await communities.CreateAsync(gestor, new CommunityRequest("residencial LOS ROBLES", null), default);
        Assert.Equal(ServiceError.Conflict, duplicate.Error);
        Assert.Equal("La empresa ya tiene una comunidad llamada «residencial LOS ROBLES».", duplicate.Errors!["name"][0]);

        // Another company may use the same name.
        var (_, admin) = await AsAsync("admin@demo.local");
        var elsewhere = await communities.CreateAsync(admin, new CommunityRequest("Condominio Las Palmas", null, await CompanyIdAsync("Gestiones Norte")), default);
        Assert.True(elsewhere.Succeeded);
    }

    [Fact]
    public async Task Edits_keep_names_unique_and_explain_blank_or_long_fields()
    {
        var (communities, gestor) = await AsAsync("gestor@demo.local");
        var demo = await DemoData.LoadAsync(factory);
        var created = (await communities.CreateAsync(gestor, new CommunityRequest("Parque Central", null), default)).Value!;

        var renamed = await communities.UpdateAsync(gestor, created.Id, new CommunityRequest("Parque Central Norte", "Av. Central 10"), default);
        Assert.Equal("Parque Central Norte", renamed.Value!.Name);
        Assert.Equal("Av. Central 10", renamed.Value.Address);

        Assert.Equal(ServiceError.Conflict, (await communities.UpdateAsync(gestor, created.Id, new CommunityRequest("Torres del Parque", null), default)).Error);
        var invalid = await communities.UpdateAsync(gestor, demo.Torres, new CommunityRequest(" ", new string('x', 301)), default);
        Assert.Equal(ServiceError.Invalid, invalid.Error);
        Assert.Equal(["address", "name"], invalid.Errors!.Keys.Order());
    }

    [Fact]
    public async Task The_system_admin_sees_every_community_must_pick_a_company_and_may_move_one()
    {
        var (communities, admin) = await AsAsync("admin@demo.local");
        var norteCompany = await CompanyIdAsync("Gestiones Norte");

        var all = (await communities.ListAsync(admin, null, default)).Value!;
        Assert.Contains(all, c => c.Name == "Villa Norte" && c.CompanyName == "Gestiones Norte");
        Assert.Contains(all, c => c.Name == "Residencial Los Robles" && c.CompanyName == "Administradora Demo");

        var noCompany = await communities.CreateAsync(admin, new CommunityRequest("Sin empresa", null), default);
        Assert.Equal(ServiceError.Invalid, noCompany.Error);
        Assert.True(noCompany.Errors!.ContainsKey("companyId"));
        Assert.Equal(ServiceError.Invalid, (await communities.CreateAsync(admin, new CommunityRequest("Empresa fantasma", null, 999_999), default)).Error);

        var created = (await communities.CreateAsync(admin, new CommunityRequest("Lomas del Sol", null, await CompanyIdAsync("Administradora Demo")), default)).Value!;
        var moved = await communities.UpdateAsync(admin, created.Id, new CommunityRequest("Lomas del Sol", null, norteCompany), default);
        Assert.Equal("Gestiones Norte", moved.Value!.CompanyName);
        var (_, norte) = await AsAsync("gestor.norte@demo.local");
        Assert.True((await communities.GetAsync(norte, created.Id, default)).Succeeded);
    }

    [Fact]
    public async Task A_resident_manages_no_community()
    {
        var (communities, ana) = await AsAsync("ana@demo.local");
        var demo = await DemoData.LoadAsync(factory);

        Assert.Equal(ServiceError.Forbidden, (await communities.ListAsync(ana, null, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await communities.CreateAsync(ana, new CommunityRequest("Mía", null), default)).Error);
        Assert.Equal(ServiceError.NotFound, (await communities.GetAsync(ana, demo.Robles, default)).Error);
        Assert.Equal(ServiceError.NotFound, (await communities.UpdateAsync(ana, demo.Robles, new CommunityRequest("Mía", null), default)).Error);
    }
}
