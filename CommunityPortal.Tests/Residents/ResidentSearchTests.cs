using CommunityPortal.Features.Residents;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Residents;

/// <summary>
/// The administrators' resident picker: demo Los Robles has Ana Pérez (Casa 12) and Luis Gómez (Casa 7); this class adds
/// José Núñez (Depto 4Ñ, active) and Ana Inactiva (Casa 99, inactive) there, and a crowd in Torres del Parque.
/// </summary>
public class ResidentSearchTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>, IAsyncLifetime
{
    private DemoData demo = null!;

    public async Task InitializeAsync()
    {
        demo = await DemoData.LoadAsync(factory);
        await using var db = factory.CreateDbContext();
        if (await db.Residents.AnyAsync(r => r.FullName == "José Núñez"))
        {
            return;
        }

        var luisUser = await db.Residents.Where(r => r.Id == demo.Luis).Select(r => r.UserId).SingleAsync();
        db.Residents.Add(new Resident { UserId = luisUser, CommunityId = demo.Robles, FullName = "José Núñez", Unit = "Depto 4Ñ" });
        db.Residents.Add(new Resident { UserId = luisUser, CommunityId = demo.Robles, FullName = "Ana Inactiva", Unit = "Casa 99", IsActive = false });
        db.Residents.AddRange(Enumerable.Range(1, 30).Select(i =>
            new Resident { UserId = luisUser, CommunityId = demo.Torres, FullName = $"Vecino {i:00}", Unit = $"Torre B {i}" }));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IReadOnlyList<ResidentOptionDto>> SearchAsync(string email, int communityId, string? query, int limit = ResidentService.MaxSearchResults)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ResidentService>().SearchAsync(user, communityId, query, CancellationToken.None, limit);
    }

    [Theory]
    [InlineData("ana")]
    [InlineData("ANA PÉREZ")]
    [InlineData("perez")]
    [InlineData("casa 12")]
    [InlineData("  Casa   12 ")]
    [InlineData("12 pérez")]
    [InlineData("Ana Pérez · Casa 12")]
    public async Task Gestor_finds_Ana_by_name_or_unit_ignoring_case_and_accents(string query)
    {
        var found = await SearchAsync("gestor@demo.local", demo.Robles, query);

        var ana = Assert.Single(found);
        Assert.Equal(new ResidentOptionDto(demo.Ana, "Ana Pérez", "Casa 12"), ana);
    }

    [Theory]
    [InlineData("jose nunez")]
    [InlineData("NÚÑEZ")]
    [InlineData("depto 4n")]
    public async Task Accents_in_the_data_do_not_hide_a_resident_typed_without_them(string query)
    {
        var found = await SearchAsync("gestor@demo.local", demo.Robles, query);

        Assert.Equal(["José Núñez"], found.Select(r => r.FullName));
    }

    [Fact]
    public async Task An_empty_query_lists_the_communitys_active_residents_by_name_and_never_the_inactive_one()
    {
        var found = await SearchAsync("gestor@demo.local", demo.Robles, "");

        Assert.Equal(["Ana Pérez", "José Núñez", "Luis Gómez"], found.Select(r => r.FullName));
        Assert.Empty(await SearchAsync("gestor@demo.local", demo.Robles, "casa 99"));
        Assert.Empty(await SearchAsync("gestor@demo.local", demo.Robles, "inactiva"));
    }

    [Fact]
    public async Task Only_the_chosen_community_is_searched()
    {
        Assert.Empty(await SearchAsync("gestor@demo.local", demo.Torres, "ana"));
        Assert.Empty(await SearchAsync("admin@demo.local", demo.VillaNorte, "ana"));
        Assert.Equal(["Marta Rodríguez"], (await SearchAsync("admin@demo.local", demo.VillaNorte, "marta")).Select(r => r.FullName));
    }

    [Fact]
    public async Task Gestor_norte_never_gets_Los_Robles_residents()
    {
        Assert.Empty(await SearchAsync("gestor.norte@demo.local", demo.Robles, null));
        Assert.Empty(await SearchAsync("gestor.norte@demo.local", demo.Robles, "ana"));
        Assert.Empty(await SearchAsync("gestor.norte@demo.local", demo.Robles, "casa 12"));
        Assert.Equal(["Marta Rodríguez"], (await SearchAsync("gestor.norte@demo.local", demo.VillaNorte, "")).Select(r => r.FullName));
    }

    [Fact]
    public async Task A_resident_finds_nobody_even_in_their_own_community()
    {
        Assert.Empty(await SearchAsync("ana@demo.local", demo.Robles, "luis"));
    }

    [Fact]
    public async Task System_admin_searches_any_community()
    {
        Assert.Equal([demo.Ana], (await SearchAsync("admin@demo.local", demo.Robles, "perez")).Select(r => r.ResidentId));
    }

    [Fact]
    public async Task Results_are_capped_and_cost_one_statement_in_the_database()
    {
        var user = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var residents = scope.ServiceProvider.GetRequiredService<ResidentService>();

        factory.Counter.Reset();
        var found = await residents.SearchAsync(user, demo.Torres, "vecino", CancellationToken.None);
        Assert.Equal(1, factory.Counter.Count);
        Assert.Equal(ResidentService.MaxSearchResults, found.Count);
        Assert.Equal("Vecino 01", found[0].FullName);

        Assert.Equal(5, (await residents.SearchAsync(user, demo.Torres, "vecino", CancellationToken.None, limit: 5)).Count);
        Assert.Equal(ResidentService.MaxSearchResults, (await residents.SearchAsync(user, demo.Torres, "vecino", CancellationToken.None, limit: 500)).Count);
        Assert.Equal(["Vecino 07"], (await residents.SearchAsync(user, demo.Torres, "vecino 07", CancellationToken.None)).Select(r => r.FullName));
    }
}
