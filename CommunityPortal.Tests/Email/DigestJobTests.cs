using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>
/// The daily digest on a driven clock. The host's own job may run the same day at the same moment (it ticks every
/// minute); the tests therefore assert what is in the outbox, which is the same whichever run claimed the day.
/// </summary>
public class DigestJobTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    /// <summary>Moves the clock to <paramref name="hour"/>:30 local, <paramref name="days"/> local days after today.</summary>
    private void MoveTo(int days, int hour)
    {
        var now = factory.Clock.GetUtcNow();
        var localToday = TimeZoneInfo.ConvertTime(now, Madrid).Date;
        var target = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localToday.AddDays(days).AddHours(hour).AddMinutes(30), DateTimeKind.Unspecified), Madrid);
        Assert.True(target > now.UtcDateTime, "The clock only moves forward.");
        factory.Clock.Advance(target - now.UtcDateTime);
    }

    private async Task<int> CreateTicketAsync(string text)
    {
        var demo = await DemoData.LoadAsync(factory);
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(ana, new CreateTicketRequest(demo.Mantenimiento, text, null, null, null), CancellationToken.None);
        Assert.True(result.Succeeded);
        return result.Value!.Id;
    }

    private async Task<List<OutgoingEmail>> DigestsToGestorAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.OutgoingEmails.AsNoTracking()
            .Where(e => e.Kind == EmailKinds.Digest && e.ToAddress == "gestor@demo.local").OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Daily_events_go_out_as_one_digest_per_administrator_per_day_at_the_set_hour_never_twice()
    {
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var preferences = scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>();
            Assert.True((await preferences.UpdateAsync(gestor.UserId,
                new UpdatePreferencesRequest(null, new UpdateEmailPreferences(null, EmailFrequency.Daily, EmailFrequency.Daily, null, null)),
                CancellationToken.None)).Succeeded);
        }

        var job = factory.Services.GetRequiredService<EmailDigestJob>();
        MoveTo(days: 1, hour: 3);
        var first = await CreateTicketAsync("Bombilla fundida en el portal 3");
        var second = await CreateTicketAsync("Ruido en el ascensor");

        // Before the hour: nothing.
        MoveTo(days: 0, hour: 6);
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Empty(await DigestsToGestorAsync());
        await using (var db = factory.CreateDbContext())
        {
            Assert.Empty(await db.OutgoingEmails.Where(e => e.TicketId == first || e.TicketId == second).ToListAsync());
        }

        // At the hour: one digest listing both, under the community's name; a second run the same day sends nothing.
        MoveTo(days: 0, hour: 7);
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);
        var digest = Assert.Single(await DigestsToGestorAsync());
        Assert.Equal("Resumen del día (2)", digest.Subject);
        Assert.Contains("Residencial Los Robles (2)", digest.TextBody);
        Assert.Contains($"Ticket #{first}: Ana Pérez reportó un ticket nuevo: Bombilla fundida en el portal 3", digest.TextBody);
        Assert.Contains($"Ticket #{second}:", digest.TextBody);
        Assert.StartsWith($"{MailFactory.PublicUrl}email/unsubscribe?token=", digest.UnsubscribeUrl);
        Assert.Contains($"{MailFactory.PublicUrl}admin/tickets", digest.TextBody);

        // The next day: only what happened since.
        var third = await CreateTicketAsync("Portón atascado");
        MoveTo(days: 1, hour: 8);
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);
        var digests = await DigestsToGestorAsync();
        Assert.Equal(2, digests.Count);
        Assert.Equal("Resumen del día (1)", digests[1].Subject);
        Assert.Contains($"Ticket #{third}:", digests[1].TextBody);
        Assert.DoesNotContain($"Ticket #{first}:", digests[1].TextBody);

        // A resident who chose the digest for status changes gets one too, leading to their own tickets.
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var demo = await DemoData.LoadAsync(factory);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>().UpdateAsync(ana.UserId,
                new UpdatePreferencesRequest(null, new UpdateEmailPreferences(EmailFrequency.Daily, null, null, null, null)),
                CancellationToken.None)).Succeeded);
            Assert.True((await scope.ServiceProvider.GetRequiredService<TicketService>().ManageAsync(
                gestor, third, new ManageTicketRequest(demo.EnProceso, null, null), null, CancellationToken.None)).Succeeded);
        }

        MoveTo(days: 1, hour: 7);
        await job.RunOnceAsync(CancellationToken.None);
        await using (var db = factory.CreateDbContext())
        {
            var toAna = await db.OutgoingEmails.AsNoTracking().Where(e => e.ToAddress == "ana@demo.local").ToListAsync();
            Assert.DoesNotContain(toAna, e => e.TicketId == third && e.Kind == EmailKinds.StatusChanged);
            var anaDigest = Assert.Single(toAna, e => e.Kind == EmailKinds.Digest);
            Assert.Contains($"Ticket #{third}: Gestor Demo cambió el estado a «En proceso».", anaDigest.TextBody);
            Assert.Contains($"{MailFactory.PublicUrl}tickets\n", anaDigest.TextBody);
            Assert.DoesNotContain("admin/tickets", anaDigest.TextBody);
        }

        Assert.Equal(2, (await DigestsToGestorAsync()).Count);

        // A day with nothing new sends no digest.
        MoveTo(days: 1, hour: 9);
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, (await DigestsToGestorAsync()).Count);
    }
}
