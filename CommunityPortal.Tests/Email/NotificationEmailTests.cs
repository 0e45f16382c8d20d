using CommunityPortal.Auth;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Email;

/// <summary>
/// Which notification e-mails a ticket change puts in the outbox, to whom, in which language and with what: the rows
/// the sender will deliver. Each test works on tickets of its own and reads only their rows.
/// </summary>
public class NotificationEmailTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private async Task<int> CreateTicketAsync(string email, string text = "La puerta del garaje no cierra", int? residentId = null, int? communityId = null)
    {
        var demo = await DemoData.LoadAsync(factory);
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .CreateAsync(user, new CreateTicketRequest(demo.Mantenimiento, text, null, residentId, communityId), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
        return result.Value!.Id;
    }

    private async Task ManageAsync(string email, int ticketId, int? statusId, string? note)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .ManageAsync(user, ticketId, new ManageTicketRequest(statusId, null, note), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    private async Task CommentAsync(string email, int ticketId, string text)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CommentService>()
            .CreateAsync(user, new CreateComentarioRequest(ComentarioOrigenes.Ticket, ticketId.ToString(), text, null), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    private async Task<List<OutgoingEmail>> RowsAsync(int ticketId)
    {
        await using var db = factory.CreateDbContext();
        return await db.OutgoingEmails.AsNoTracking().Where(e => e.TicketId == ticketId).OrderBy(e => e.Id).ToListAsync();
    }

    private async Task SetPreferencesAsync(string email, UpdatePreferencesRequest request)
    {
        var user = await ServiceUsers.GetAsync(factory, email);
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>().UpdateAsync(user.UserId, request, CancellationToken.None);
        Assert.True(result.Succeeded);
    }

    private static readonly UpdatePreferencesRequest DefaultPreferences = new("es", new UpdateEmailPreferences(
        EmailFrequency.Immediate, EmailFrequency.Immediate, EmailFrequency.Immediate, EmailFrequency.Immediate, EmailFrequency.Daily));

    [Fact]
    public async Task Gestor_sets_anas_ticket_in_progress_with_a_note_and_only_ana_gets_one_spanish_email()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");
        var ana = await ServiceUsers.GetAsync(factory, "ana@demo.local");
        var createdRows = (await RowsAsync(ticketId)).Select(r => r.Id).ToHashSet();

        await ManageAsync("gestor@demo.local", ticketId, demo.EnProceso, "Mañana viene el técnico a las 10.");

        var rows = (await RowsAsync(ticketId)).Where(r => !createdRows.Contains(r.Id)).ToList();
        var email = Assert.Single(rows);
        Assert.Equal("ana@demo.local", email.ToAddress);
        Assert.Equal(ana.UserId, email.UserId);
        Assert.Equal(EmailKinds.StatusChanged, email.Kind);
        Assert.Equal(OutgoingEmailStatus.Pending, email.Status);
        Assert.Equal($"Tu ticket #{ticketId}: En proceso", email.Subject);
        Assert.Contains("cambió el estado a «En proceso»", email.TextBody);
        Assert.Contains("Mañana viene el técnico a las 10.", email.TextBody);
        Assert.Contains("Mañana viene el técnico a las 10.", System.Net.WebUtility.HtmlDecode(email.HtmlBody));
        Assert.Contains("En proceso", email.HtmlBody);
        var link = $"{MailFactory.PublicUrl}tickets/{ticketId}";
        Assert.Contains(link, email.TextBody);
        Assert.Contains($"href=\"{link}\"", email.HtmlBody);
        Assert.StartsWith($"{MailFactory.PublicUrl}email/unsubscribe?token=", email.UnsubscribeUrl);
        Assert.Equal($"ticket-{ticketId}@portal.example.org", email.InReplyTo);
        Assert.Equal($"ticket-{ticketId}@portal.example.org", email.References);
        Assert.EndsWith("@portal.example.org", email.MessageId);
        Assert.Equal($"ticket:{ticketId}:user:{ana.UserId}", email.BatchKey);

        // luis, marta and the actor get nothing about it; nobody but ana gets anything from this change.
        await using var db = factory.CreateDbContext();
        var others = await db.OutgoingEmails.AsNoTracking()
            .Where(e => e.ToAddress == "luis@demo.local" || e.ToAddress == "marta@demo.local" || e.ToAddress == "gestor@demo.local")
            .Where(e => e.TicketId == ticketId && e.Kind != EmailKinds.TicketCreated).CountAsync();
        Assert.Equal(0, others);
    }

    [Fact]
    public async Task Two_changes_within_the_window_make_one_email_listing_both_and_a_change_after_it_a_new_one()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");

        await ManageAsync("gestor@demo.local", ticketId, demo.EnRevision, null);
        factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await ManageAsync("gestor@demo.local", ticketId, demo.EnProceso, null);

        var toAna = (await RowsAsync(ticketId)).Where(r => r.ToAddress == "ana@demo.local").ToList();
        var email = Assert.Single(toAna);
        Assert.Contains("«En revisión»", email.TextBody);
        Assert.Contains("«En proceso»", email.TextBody);
        Assert.Equal($"Tu ticket #{ticketId}: En proceso", email.Subject);

        factory.Clock.Advance(TimeSpan.FromSeconds(121));
        await ManageAsync("gestor@demo.local", ticketId, demo.Resuelto, null);

        toAna = (await RowsAsync(ticketId)).Where(r => r.ToAddress == "ana@demo.local").ToList();
        Assert.Equal(2, toAna.Count);
        Assert.DoesNotContain("En revisión", toAna[1].TextBody);
        Assert.Equal(toAna[0].References, toAna[1].References);
        Assert.NotEqual(toAna[0].MessageId, toAna[1].MessageId);
    }

    [Fact]
    public async Task A_change_in_the_last_seconds_before_the_email_is_due_starts_a_new_one_instead_of_racing_the_sender()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");

        await ManageAsync("gestor@demo.local", ticketId, demo.EnRevision, null);
        factory.Clock.Advance(TimeSpan.FromSeconds(115));
        await ManageAsync("gestor@demo.local", ticketId, demo.EnProceso, null);

        var toAna = (await RowsAsync(ticketId)).Where(r => r.ToAddress == "ana@demo.local").ToList();
        Assert.Equal(2, toAna.Count);
        Assert.DoesNotContain("En proceso", toAna[0].TextBody);
        Assert.Contains("«En proceso»", toAna[1].TextBody);
    }

    [Fact]
    public async Task Ana_with_english_preference_gets_english()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");
        await SetPreferencesAsync("ana@demo.local", new UpdatePreferencesRequest("en", null));
        try
        {
            await ManageAsync("gestor@demo.local", ticketId, demo.EnProceso, "The technician comes tomorrow.");
        }
        finally
        {
            await SetPreferencesAsync("ana@demo.local", DefaultPreferences);
        }

        var email = Assert.Single(await RowsAsync(ticketId), r => r.ToAddress == "ana@demo.local");
        Assert.Equal($"Your ticket #{ticketId}: En proceso", email.Subject);
        Assert.Contains("changed the status to \"En proceso\"", email.TextBody);
        Assert.Contains("View the ticket", email.TextBody);
        Assert.Contains("Community Portal", email.TextBody);
        Assert.DoesNotContain("Ver el ticket", email.TextBody);
    }

    [Fact]
    public async Task A_resident_turning_status_changes_off_gets_nothing_for_them()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("ana@demo.local");
        await SetPreferencesAsync("ana@demo.local", new UpdatePreferencesRequest(null, new UpdateEmailPreferences(EmailFrequency.Off, null, null, null, null)));
        try
        {
            await ManageAsync("gestor@demo.local", ticketId, demo.EnProceso, null);
        }
        finally
        {
            await SetPreferencesAsync("ana@demo.local", DefaultPreferences);
        }

        Assert.DoesNotContain(await RowsAsync(ticketId), r => r.ToAddress == "ana@demo.local");
    }

    [Fact]
    public async Task A_new_ticket_reaches_the_companys_administrators_at_once_never_the_reporter_nor_other_companies()
    {
        var ticketId = await CreateTicketAsync("ana@demo.local", "Se fue la luz del portal");

        var rows = await RowsAsync(ticketId);
        var email = Assert.Single(rows);
        Assert.Equal("gestor@demo.local", email.ToAddress);
        Assert.Equal(EmailKinds.TicketCreated, email.Kind);
        Assert.Equal($"Nuevo ticket #{ticketId} en Residencial Los Robles", email.Subject);
        Assert.Contains("Se fue la luz del portal", email.TextBody);
        Assert.Contains("Ana Pérez", email.TextBody);
    }

    [Fact]
    public async Task A_residents_comment_reaches_the_administrators_and_an_administrators_reply_reaches_the_resident()
    {
        var ticketId = await CreateTicketAsync("ana@demo.local");
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        await CommentAsync("ana@demo.local", ticketId, "¿Alguna novedad?");
        var afterResident = await RowsAsync(ticketId);
        Assert.DoesNotContain(afterResident, r => r.ToAddress == "ana@demo.local");
        var toGestor = Assert.Single(afterResident, r => r.Kind == EmailKinds.CommentAdded);
        Assert.Equal("gestor@demo.local", toGestor.ToAddress);
        Assert.Contains("¿Alguna novedad?", toGestor.TextBody);

        await CommentAsync("gestor@demo.local", ticketId, "Sí, el lunes.");
        var toAna = Assert.Single(await RowsAsync(ticketId), r => r.ToAddress == "ana@demo.local");
        Assert.Equal(EmailKinds.CommentAdded, toAna.Kind);
        Assert.Equal($"Nuevo comentario en tu ticket #{ticketId}", toAna.Subject);
        Assert.Contains("Sí, el lunes.", toAna.TextBody);
        Assert.DoesNotContain("¿Alguna novedad?", toAna.TextBody);
    }

    [Fact]
    public async Task A_ticket_made_on_a_residents_behalf_tells_the_resident()
    {
        var demo = await DemoData.LoadAsync(factory);
        var ticketId = await CreateTicketAsync("gestor@demo.local", "Fuga en el techo", residentId: demo.Ana, communityId: demo.Robles);

        var rows = await RowsAsync(ticketId);
        var email = Assert.Single(rows);
        Assert.Equal("ana@demo.local", email.ToAddress);
        Assert.Equal($"Ticket #{ticketId} registrado en tu nombre", email.Subject);
        Assert.Contains("Fuga en el techo", email.TextBody);
    }

    [Fact]
    public async Task Administrator_preferences_off_and_daily_are_respected()
    {
        await SetPreferencesAsync("gestor@demo.local", new UpdatePreferencesRequest(null, new UpdateEmailPreferences(null, EmailFrequency.Off, EmailFrequency.Daily, null, null)));
        int ticketId;
        try
        {
            ticketId = await CreateTicketAsync("ana@demo.local");
            await CommentAsync("ana@demo.local", ticketId, "Sigue roto");
        }
        finally
        {
            await SetPreferencesAsync("gestor@demo.local", DefaultPreferences);
        }

        Assert.Empty(await RowsAsync(ticketId));
        await using var db = factory.CreateDbContext();
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        var waiting = await db.NotificationMailEvents.AsNoTracking().Where(e => e.TicketId == ticketId).ToListAsync();
        var daily = Assert.Single(waiting);
        Assert.Equal(gestor.UserId, daily.UserId);
        Assert.Equal(EmailKinds.TicketCreated, daily.Kind);
        Assert.True(daily.Daily);
        Assert.Null(daily.HandledAt);
    }
}
