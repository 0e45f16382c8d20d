using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Categories;

/// <summary>
/// Who may change categories and statuses is the services' rule, not only the endpoints' policy: a page or a job
/// calling the service as a company administrator or a resident is refused, and nothing changes.
/// </summary>
public class CategoryStatusRuleTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("ana@demo.local")]
    public async Task Only_a_system_administrator_changes_categories_and_statuses(string email)
    {
        _ = factory.Server;
        var caller = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var categories = scope.ServiceProvider.GetRequiredService<CategoryService>();
        var statuses = scope.ServiceProvider.GetRequiredService<StatusService>();
        await using var db = factory.CreateDbContext();
        var category = await db.Categorias.AsNoTracking().FirstAsync();
        var status = await db.Statuses.AsNoTracking().FirstAsync();

        Assert.Equal(ServiceError.Forbidden, (await categories.CreateAsync(caller, new CreateCategoriaRequest("Nueva " + email, null, null), default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await categories.UpdateAsync(caller, category.Id,
            new UpdateCategoriaRequest("Otro nombre", null, true, 1), default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await categories.DeleteAsync(caller, category.Id, default)).Error);
        Assert.Equal(ServiceError.Forbidden, (await statuses.UpdateAsync(caller, status.Id, new UpdateStatusRequest("Otra", "#123456"), default)).Error);

        await using var after = factory.CreateDbContext();
        Assert.Equal(category.Nombre, (await after.Categorias.SingleAsync(c => c.Id == category.Id)).Nombre);
        Assert.False(await after.Categorias.AnyAsync(c => c.Nombre == "Nueva " + email));
        Assert.Equal(status.Descripcion, (await after.Statuses.SingleAsync(s => s.Id == status.Id)).Descripcion);
    }

    [Fact]
    public async Task A_system_administrator_changes_them()
    {
        _ = factory.Server;
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var categories = scope.ServiceProvider.GetRequiredService<CategoryService>();
        var statuses = scope.ServiceProvider.GetRequiredService<StatusService>();
        await using var db = factory.CreateDbContext();
        var status = await db.Statuses.AsNoTracking().FirstAsync();

        var created = await categories.CreateAsync(admin, new CreateCategoriaRequest("Jardinería nocturna", null, null), default);
        Assert.True(created.Succeeded);
        Assert.True((await categories.DeleteAsync(admin, created.Value!.Id, default)).Succeeded);
        Assert.True((await statuses.UpdateAsync(admin, status.Id, new UpdateStatusRequest(status.Descripcion, status.Color), default)).Succeeded);
    }
}
