using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunityPortal.Tests.Email;

/// <summary>The app delivering notification e-mails to a real SMTP server on loopback; the test moves the clock past the batch window.</summary>
public sealed class NotificationDeliveryFactory : SmtpAppFactory
{
    public const string PublicUrl = "https://portal.example.org/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        new("Portal:PublicUrl", PublicUrl),
        new("Email:BatchWindowSeconds", "120"),
        // The sender looks every second, so a clock moved past the window is noticed at once.
        new("Email:PollSeconds", "1"),
    ];
}

/// <summary>
/// End to end: a ticket change, the outbox, the sender, MailKit and a real SMTP server. What reaches the mailbox is what
/// a resident reads: one e-mail, in their language, with the note, the link on <c>Portal:PublicUrl</c> and the
/// unsubscribe headers; nothing for the other residents.
/// </summary>
public class NotificationDeliveryTests(NotificationDeliveryFactory factory) : IClassFixture<NotificationDeliveryFactory>
{
    private async Task<int> CreateTicketAsync(string email)
    {
        var demo = await DemoData.LoadAsync(factory);
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(user, new CreateTicketRequest(demo.Mantenimiento, "La barrera del garaje no sube", null, null, null), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!.Id;
    }

    private async Task ManageAsync(int ticketId, int statusId, string? note)
    {
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .ManageAsync(gestor, ticketId, new ManageTicketRequest(statusId, null, note), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    private async Task SetLanguageAsync(string email, string language)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>()
            .UpdateAsync(user.UserId, new UpdatePreferencesRequest(language, null), CancellationToken.None);
        Assert.True(result.Succeeded);
    }

    private static bool About(MimeMessage message, int ticketId) =>
        message.Headers[HeaderId.References]?.Contains($"ticket-{ticketId}@", StringComparison.Ordinal) == true;

    /// <summary>Moves past the batch window and waits until every e-mail about the ticket has left the outbox.</summary>
    private async Task DeliverAllAsync(int ticketId)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(121));
        await Poll.UntilAsync(async () =>
        {
            await using var db = factory.CreateDbContext();
            return !await db.OutgoingEmails.AnyAsync(e => e.TicketId == ticketId && e.Status == OutgoingEmailStatus.Pending);
        }, $"the e-mails about ticket #{ticketId} delivered", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Gestor_sets_anas_ticket_in_progress_with_a_note_and_ana_alone_receives_one_spanish_email()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");

        await ManageAsync(ticketId, demo.EnProceso, "El técnico viene el jueves a las 9.");
        await DeliverAllAsync(ticketId);

        var toResidents = factory.Smtp.Messages.Where(m => About(m, ticketId))
            .Where(m => m.To.Mailboxes.Any(a => a.Address is "ana@demo.local" or "luis@demo.local" or "marta@demo.local")).ToList();
        var message = Assert.Single(toResidents);
        Assert.Equal("ana@demo.local", message.To.Mailboxes.Single().Address);
        Assert.Equal($"Tu ticket #{ticketId}: En proceso", message.Subject);
        Assert.Contains("El técnico viene el jueves a las 9.", message.TextBody);
        Assert.Contains("El técnico viene el jueves a las 9.", System.Net.WebUtility.HtmlDecode(message.HtmlBody));
        Assert.Contains($"{NotificationDeliveryFactory.PublicUrl}tickets/{ticketId}", message.TextBody);
        Assert.StartsWith($"<{NotificationDeliveryFactory.PublicUrl}email/unsubscribe?token=", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);
        Assert.Equal($"ticket-{ticketId}@portal.example.org", message.InReplyTo);
    }

    [Fact]
    public async Task Two_changes_within_the_window_arrive_as_one_email()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");

        await ManageAsync(ticketId, demo.EnRevision, null);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await ManageAsync(ticketId, demo.EnProceso, "Pedida la pieza.");
        await DeliverAllAsync(ticketId);

        var message = Assert.Single(factory.Smtp.Messages, m => About(m, ticketId) && m.To.Mailboxes.Any(a => a.Address == "ana@demo.local"));
        Assert.Contains("En revisión", message.TextBody);
        Assert.Contains("En proceso", message.TextBody);
        Assert.Contains("Pedida la pieza.", message.TextBody);
    }

    [Fact]
    public async Task Ana_with_english_chosen_receives_it_in_english()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");
        await SetLanguageAsync("ana@demo.local", "en");
        try
        {
            await ManageAsync(ticketId, demo.EnProceso, "The technician comes on Thursday.");
            await DeliverAllAsync(ticketId);
        }
        finally
        {
            await SetLanguageAsync("ana@demo.local", "es");
        }

        var message = Assert.Single(factory.Smtp.Messages, m => About(m, ticketId) && m.To.Mailboxes.Any(a => a.Address == "ana@demo.local"));
        Assert.StartsWith($"Your ticket #{ticketId}", message.Subject);
        Assert.Contains("The technician comes on Thursday.", message.TextBody);
    }
}
