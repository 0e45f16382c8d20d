using System.Collections.Concurrent;
using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Tickets;

/// <summary>The resident's contact on the admin ticket page is one SQL statement (one projection with the scope rule).</summary>
public class TicketContactQueryCountTests(CountingPortalAppFactory factory) : IClassFixture<CountingPortalAppFactory>
{
    [Fact]
    public async Task The_contact_is_read_in_one_statement()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        int ticketId;
        await using (var db = factory.CreateDbContext())
        {
            ticketId = await db.Tickets.Where(t => t.ResidentId == demo.Ana).Select(t => t.Id).FirstAsync();
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketQueries>();
        factory.Counter.Reset();
        var contact = await tickets.GetResidentContactAsync(gestor, ticketId, default);

        Assert.True(contact.Succeeded, contact.Error.ToString());
        Assert.Equal(1, factory.Counter.Count);
    }
}
