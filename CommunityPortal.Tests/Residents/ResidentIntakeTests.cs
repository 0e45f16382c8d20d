using CommunityPortal.Features.Residents;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Residents;

/// <summary>The intake's checks on their own: every row's problems at once, by field, and nothing written.</summary>
public class ResidentIntakeTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Checking_rows_names_each_rows_problems_and_writes_nothing()
    {
        _ = factory.Server;
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<ResidentIntake>();
        await using var db = factory.CreateDbContext();
        var robles = await db.Communities.SingleAsync(c => c.Name == "Residencial Los Robles");
        var before = await db.Residents.CountAsync();

        var rows = await intake.CheckAsync(db, gestor, robles.Id,
        [
            new ResidentCsvRow(2, "Nora Nueva", "Casa 501", "nora@test.local", "600 111 222"),
            new ResidentCsvRow(3, "Otra Nora", "Casa 502", "NORA@test.local", "12"),
            new ResidentCsvRow(4, "", "Casa 12", "no-es-correo", null),
        ], default);

        Assert.Equal(["email"], rows[0].Errors.Select(e => e.Field));
        Assert.Equal(["email", "phone"], rows[1].Errors.Select(e => e.Field).Order());
        Assert.Equal(["email", "fullName", "unit"], rows[2].Errors.Select(e => e.Field).Order());
        Assert.True(rows[2].Errors.Single(e => e.Field == "unit").Clash);
        Assert.Equal(before, await db.Residents.CountAsync());
    }
}
