using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Data;

public class SeedTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Seeds_the_six_statuses_of_the_domain_with_their_colors_and_order()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();

        var statuses = await db.Statuses.OrderBy(s => s.Orden)
            .Select(s => new { s.Code, s.Descripcion, s.Color, s.EsFinal }).ToListAsync();

        Assert.Equal(
            [
                new { Code = "NUEVO", Descripcion = "Nuevo", Color = "#1E88E5", EsFinal = false },
                new { Code = "EN_REVISION", Descripcion = "En revisión", Color = "#8E24AA", EsFinal = false },
                new { Code = "EN_INVESTIGACION", Descripcion = "En investigación", Color = "#FB8C00", EsFinal = false },
                new { Code = "EN_PROCESO", Descripcion = "En proceso", Color = "#FDD835", EsFinal = false },
                new { Code = "CANCELADO", Descripcion = "Cancelado", Color = "#757575", EsFinal = true },
                new { Code = "RESUELTO", Descripcion = "Resuelto", Color = "#43A047", EsFinal = true },
            ],
            statuses);
    }

    [Fact]
    public async Task Seeds_the_six_categories_active_and_ordered()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();

        var categories = await db.Categorias.OrderBy(c => c.Orden).ToListAsync();

        Assert.Equal(
            ["Áreas comunes", "Amenidades", "Mantenimiento", "Seguridad", "Administrativo", "Otros"],
            categories.Select(c => c.Nombre));
        Assert.All(categories, c => Assert.True(c.Activo));
    }

    [Fact]
    public async Task Seeding_again_creates_nothing_twice()
    {
        _ = factory.Server;
        var before = await CountRowsAsync();

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SeedData>().SeedAsync();
        }

        await factory.Services.InitializeDatabaseAsync();

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(6, before["statuses"]);
        Assert.Equal(6, before["categories"]);
        Assert.Equal(6, before["users"]);
        Assert.True(before["tickets"] >= 4, "the demo has a handful of tickets");
        Assert.True(before["comments"] >= 3, "the demo has a threaded conversation");
    }

    [Theory]
    [InlineData("admin@demo.local", Roles.SystemAdmin, null, null)]
    [InlineData("gestor@demo.local", Roles.AdminCompany, "Administradora Demo", null)]
    [InlineData("gestor.norte@demo.local", Roles.AdminCompany, "Gestiones Norte", null)]
    [InlineData("ana@demo.local", Roles.Resident, null, "Residencial Los Robles|Casa 12")]
    [InlineData("luis@demo.local", Roles.Resident, null, "Residencial Los Robles|Casa 7")]
    [InlineData("marta@demo.local", Roles.Resident, null, "Villa Norte|Depto 3B")]
    public async Task Demo_users_have_their_role_company_and_unit(string email, string role, string? company, string? communityAndUnit)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var user = await users.FindByEmailAsync(email);

        Assert.NotNull(user);
        Assert.Equal([role], await users.GetRolesAsync(user));
        Assert.True(await users.CheckPasswordAsync(user, SeedData.DemoPassword));
        var companyName = await db.Companies.Where(c => c.Id == user.CompanyId).Select(c => c.Name).FirstOrDefaultAsync();
        Assert.Equal(company, companyName);
        var residents = await db.Residents.Where(r => r.UserId == user.Id)
            .Select(r => r.Community.Name + "|" + r.Unit).ToListAsync();
        Assert.Equal(communityAndUnit is null ? [] : [communityAndUnit], residents);
    }

    [Fact]
    public async Task Demo_communities_belong_to_their_companies()
    {
        _ = factory.Server;
        await using var db = factory.CreateDbContext();

        var communities = await db.Communities.OrderBy(c => c.Name)
            .Select(c => c.Company.Name + "/" + c.Name).ToListAsync();

        Assert.Equal(
            ["Administradora Demo/Residencial Los Robles", "Administradora Demo/Torres del Parque", "Gestiones Norte/Villa Norte"],
            communities);
    }

    private async Task<Dictionary<string, int>> CountRowsAsync()
    {
        await using var db = factory.CreateDbContext();
        return new Dictionary<string, int>
        {
            ["statuses"] = await db.Statuses.CountAsync(),
            ["categories"] = await db.Categorias.CountAsync(),
            ["roles"] = await db.Roles.CountAsync(),
            ["users"] = await db.Users.CountAsync(),
            ["userRoles"] = await db.UserRoles.CountAsync(),
            ["companies"] = await db.Companies.CountAsync(),
            ["communities"] = await db.Communities.CountAsync(),
            ["residents"] = await db.Residents.CountAsync(),
            ["tickets"] = await db.Tickets.CountAsync(),
            ["history"] = await db.TicketHistory.CountAsync(),
            ["comments"] = await db.Comentarios.CountAsync(),
        };
    }
}
