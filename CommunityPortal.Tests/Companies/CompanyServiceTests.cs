using CommunityPortal.Auth;
using CommunityPortal.Features.Companies;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Companies;

public class CompanyServiceTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private async Task<(CompanyService Service, CurrentUser User)> AsAsync(string email)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        return (factory.Services.CreateScope().ServiceProvider.GetRequiredService<CompanyService>(), user);
    }

    [Fact]
    public async Task The_system_admin_lists_companies_with_their_communities_and_administrators()
    {
        var (companies, admin) = await AsAsync("admin@demo.local");

        var list = (await companies.ListAsync(admin, default)).Value!;

        var demo = Assert.Single(list, c => c.Name == "Administradora Demo");
        Assert.Equal(2, demo.CommunityCount);
        Assert.Equal(1, demo.AdminCount);
        var norte = Assert.Single(list, c => c.Name == "Gestiones Norte");
        Assert.Equal(1, norte.CommunityCount);
    }

    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("ana@demo.local")]
    public async Task Nobody_else_lists_creates_or_renames_companies(string email)
    {
        var (companies, user) = await AsAsync(email);
        await using var db = factory.CreateDbContext();
        var norteId = await db.Companies.Where(c => c.Name == "Gestiones Norte").Select(c => c.Id).SingleAsync();

        Assert.Equal(ServiceError.Forbidden, (await companies.ListAsync(user, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await companies.CreateAsync(user, new CompanyRequest("Mi Empresa"), default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await companies.RenameAsync(user, norteId, new CompanyRequest("Robada"), default)).Error);

        Assert.False(await db.Companies.AnyAsync(c => c.Name == "Mi Empresa" || c.Name == "Robada"));
    }

    [Fact]
    public async Task Creates_and_renames_a_company_and_refuses_a_name_already_taken_in_any_case()
    {
        var (companies, admin) = await AsAsync("admin@demo.local");

        var created = await companies.CreateAsync(admin, new CompanyRequest("  Servicios   Costa  "), default);
        Assert.True(created.Succeeded);
        Assert.Equal("Servicios Costa", created.Value!.Name);
        Assert.Equal(0, created.Value.CommunityCount);

        var duplicate = await companies.CreateAsync(admin, new CompanyRequest("gestiones NORTE"), default);
        Assert.Equal(ServiceError.Conflict, duplicate.Error);
        Assert.Contains("Ya existe una empresa llamada", duplicate.Errors!["name"][0], StringComparison.Ordinal);

        var renamed = await companies.RenameAsync(admin, created.Value.Id, new CompanyRequest("Servicios Costa Sur"), default);
        Assert.Equal("Servicios Costa Sur", renamed.Value!.Name);
        Assert.Equal(ServiceError.Conflict, (await companies.RenameAsync(admin, created.Value.Id, new CompanyRequest("Administradora demo"), default)).Error);
        // Renaming to its own name in another case is not a clash with itself.
        Assert.True((await companies.RenameAsync(admin, created.Value.Id, new CompanyRequest("SERVICIOS COSTA SUR"), default)).Succeeded);
    }

    [Fact]
    public async Task A_blank_or_too_long_name_and_an_unknown_company_are_explained()
    {
        var (companies, admin) = await AsAsync("admin@demo.local");

        var blank = await companies.CreateAsync(admin, new CompanyRequest("   "), default);
        Assert.Equal(ServiceError.Invalid, blank.Error);
        Assert.Equal("Escribe el nombre de la empresa.", blank.Errors!["name"][0]);
        Assert.Equal(ServiceError.Invalid, (await companies.CreateAsync(admin, new CompanyRequest(new string('x', 201)), default)).Error);
        Assert.Equal(ServiceError.NotFound, (await companies.RenameAsync(admin, 999_999, new CompanyRequest("Nada"), default)).Error);
    }
}
