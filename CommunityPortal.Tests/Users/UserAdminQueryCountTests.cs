using CommunityPortal.Features.Users;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Users;

/// <summary>The users list is one page query plus its count, however many administrators there are.</summary>
public class UserAdminQueryCountTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>
{
    [Fact]
    public async Task A_page_of_administrators_costs_two_statements_whatever_its_size()
    {
        var service = factory.Services.GetRequiredService<UserAdminService>();
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        int norte;
        await using (var db = factory.CreateDbContext())
        {
            norte = await db.Companies.Where(c => c.Name == "Gestiones Norte").Select(c => c.Id).SingleAsync();
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.True((await service.CreateAsync(admin, new NewCompanyAdmin($"Gestor {i}", $"gestor{i}-{Guid.NewGuid():N}@test.local", norte), default)).Succeeded);
        }

        foreach (var (q, pageSize) in new (string?, int)[] { (null, 200), (null, 3), ("gestor norte", 200) })
        {
            factory.Counter.Reset();
            var page = (await service.ListAsync(admin, new AdminAccountQuery(q, 1, pageSize), default)).Value!;
            Assert.Equal(2, factory.Counter.Count);
            Assert.NotEmpty(page.Items);
        }
    }
}
