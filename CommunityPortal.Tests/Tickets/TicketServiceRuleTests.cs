using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

public class TicketServiceRuleTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task The_service_itself_refuses_a_description_over_4000_characters_on_create_and_update()
    {
        var demo = await DemoData.LoadAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");

        var tooLong = await tickets.CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, new string('x', 4001), null, null, null), default);
        var ok = await tickets.CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, new string('x', 4000), null, null, null), default);
        var update = await tickets.UpdateAsync(ana, ok.Value!.Id, new UpdateTicketRequest(null, null, new string('y', 4001), null), null, default);

        Assert.Equal(CommunityPortal.Shared.ServiceError.Invalid, tooLong.Error);
        Assert.True(tooLong.Errors!.ContainsKey("contenido"));
        Assert.True(ok.Succeeded);
        Assert.Equal(CommunityPortal.Shared.ServiceError.Invalid, update.Error);
        Assert.Equal(new string('x', 4000), (await scope.ServiceProvider.GetRequiredService<TicketQueries>().GetAsync(ana, ok.Value.Id, default)).Value!.Contenido);
    }
}
