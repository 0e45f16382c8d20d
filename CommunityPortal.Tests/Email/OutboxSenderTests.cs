using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using Microsoft.EntityFrameworkCore;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunityPortal.Tests.Email;

/// <summary>The background sender against a real SMTP server on loopback.</summary>
public class OutboxSenderTests(SmtpAppFactory factory) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task A_queued_email_is_delivered_once_with_its_parts_and_headers()
    {
        var to = $"ana-{Guid.NewGuid():N}@demo.local";
        var email = await OutboxTestMail.QueueAsync(factory, to, e =>
        {
            e.Kind = EmailKinds.StatusChanged;
            e.InReplyTo = "ticket-7@test.portal";
            e.References = "ticket-7@test.portal";
            e.UnsubscribeUrl = "https://portal.example.org/email/unsubscribe?token=abc";
        });

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(to));
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Sent, "the row marked sent");

        Assert.Equal(email.MessageId, message.MessageId);
        Assert.Equal("ticket-7@test.portal", message.InReplyTo);
        Assert.Equal(["ticket-7@test.portal"], message.References);
        Assert.Equal("<https://portal.example.org/email/unsubscribe?token=abc>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(email.Subject, message.Subject);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(("portal@demo.local", "Portal Comunitario"), (from.Address, from.Name));
        Assert.Equal("Ana Vecina", message.To.Mailboxes.Single().Name);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal("Hola, esto es texto.", message.TextBody?.Trim());
        Assert.Contains("<b>HTML</b>", message.HtmlBody);
        Assert.Equal(2, alternative.Count);

        var row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.Equal((1, null), (row.Attempts, row.LockedUntil));
        Assert.NotNull(row.SentAt);

        // Waking the sender again sends nothing twice.
        factory.Services.GetRequiredService<EmailSignal>().Wake();
        await OutboxTestMail.QueueAsync(factory, $"later-{Guid.NewGuid():N}@demo.local", e => e.Subject = "after " + email.Subject);
        await factory.Smtp.WaitForAsync(m => m.Subject == "after " + email.Subject);
        Assert.Single(factory.Smtp.Messages, m => m.MessageId == email.MessageId);
    }

    [Fact]
    public async Task An_email_without_unsubscribe_url_has_no_unsubscribe_headers()
    {
        var to = $"plain-{Guid.NewGuid():N}@demo.local";
        await OutboxTestMail.QueueAsync(factory, to);

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(to));
        Assert.False(message.Headers.Contains("List-Unsubscribe"));
        Assert.False(message.Headers.Contains("List-Unsubscribe-Post"));
    }

    [Fact]
    public async Task A_550_answer_fails_the_email_at_once_with_the_servers_answer_and_it_is_not_retried()
    {
        var to = $"gone-{Guid.NewGuid():N}@demo.local";
        factory.Smtp.Reject(to, "5.1.1 No such mailbox here");
        var email = await OutboxTestMail.QueueAsync(factory, to);

        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Failed, "the row failed");
        var row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError);
        Assert.Contains("No such mailbox here", row.LastError);

        // Hours later the sender has looked again many times: the row stays failed, nothing was attempted again.
        factory.Clock.Advance(TimeSpan.FromHours(3));
        var marker = $"marker-{Guid.NewGuid():N}@demo.local";
        await OutboxTestMail.QueueAsync(factory, marker);
        await factory.Smtp.WaitForToAsync(marker);
        row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.Equal((OutgoingEmailStatus.Failed, 1), (row.Status, row.Attempts));
        Assert.Empty(factory.Smtp.To(to));
    }

    [Fact]
    public async Task A_row_left_claimed_by_a_sender_that_died_is_sent_once_its_lease_ends()
    {
        // As a node leaves it when it dies after claiming (or after delivering, before marking): locked, still pending.
        var to = $"huerfano-{Guid.NewGuid():N}@demo.local";
        var email = await OutboxTestMail.QueueAsync(factory, to, e => e.LockedUntil = factory.Clock.GetUtcNow().UtcDateTime + OutboxSender.Lease);
        var marker = $"antes-{Guid.NewGuid():N}@demo.local";
        await OutboxTestMail.QueueAsync(factory, marker);
        await factory.Smtp.WaitForToAsync(marker);
        Assert.Empty(factory.Smtp.To(to));

        factory.Clock.Advance(OutboxSender.Lease + TimeSpan.FromSeconds(1));
        factory.Services.GetRequiredService<EmailSignal>().Wake();

        Assert.Single(await factory.Smtp.WaitForToAsync(to));
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Sent, "the row marked sent");
    }

    [Fact]
    public async Task A_bad_address_fails_at_once_and_does_not_stop_the_others()
    {
        var bad = await OutboxTestMail.QueueAsync(factory, "not an address");
        var good = $"good-{Guid.NewGuid():N}@demo.local";
        await OutboxTestMail.QueueAsync(factory, good);

        await factory.Smtp.WaitForToAsync(good);
        await OutboxTestMail.UntilAsync(factory, bad.Id, e => e.Status == OutgoingEmailStatus.Failed, "the bad address failed");
        Assert.Contains("not an address", (await OutboxTestMail.RowAsync(factory, bad.Id)).LastError);
    }
}

/// <summary>A mail server that is down for a while: the message waits, with backoff, and goes out once it is back.</summary>
public class OutboxSenderServerDownTests(SmtpAppFactory factory) : IClassFixture<SmtpAppFactory>
{
    [Fact]
    public async Task An_email_queued_while_the_server_is_down_is_delivered_once_it_is_back()
    {
        await factory.Smtp.StopAsync();
        var to = $"patient-{Guid.NewGuid():N}@demo.local";
        var email = await OutboxTestMail.QueueAsync(factory, to);

        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Attempts == 1, "a failed attempt");
        var row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.Equal(OutgoingEmailStatus.Pending, row.Status);
        Assert.NotNull(row.LastError);
        Assert.Null(row.LockedUntil);
        Assert.True(row.SendAfter >= row.LastAttemptAt!.Value + OutboxSender.Backoff(1) - TimeSpan.FromSeconds(1), "retried after the backoff");

        // Down longer: a second attempt waits twice as long.
        factory.Clock.Advance(OutboxSender.Backoff(1) + TimeSpan.FromSeconds(1));
        factory.Services.GetRequiredService<EmailSignal>().Wake();
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Attempts == 2, "a second failed attempt");
        row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.True(row.SendAfter >= row.LastAttemptAt!.Value + OutboxSender.Backoff(2) - TimeSpan.FromSeconds(1), "the backoff doubled");

        factory.Smtp.Start();
        factory.Clock.Advance(OutboxSender.Backoff(2) + TimeSpan.FromSeconds(1));
        factory.Services.GetRequiredService<EmailSignal>().Wake();

        var message = Assert.Single(await factory.Smtp.WaitForToAsync(to));
        Assert.Equal(email.MessageId, message.MessageId);
        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Sent, "the row marked sent");
    }

    [Fact]
    public async Task After_24_hours_of_transient_failures_the_email_fails()
    {
        await factory.Smtp.StopAsync();
        try
        {
            var email = await OutboxTestMail.QueueAsync(factory, $"late-{Guid.NewGuid():N}@demo.local");
            await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Attempts >= 1, "a failed attempt");

            factory.Clock.Advance(OutboxSender.GiveUpAfter + TimeSpan.FromMinutes(1));
            factory.Services.GetRequiredService<EmailSignal>().Wake();

            await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Failed, "the row failed");
        }
        finally
        {
            factory.Smtp.Start();
        }
    }
}

/// <summary>The app stopped while messages are pending and started again: each is delivered, exactly once.</summary>
public class OutboxSenderRestartTests
{
    [Fact]
    public async Task Pending_emails_survive_a_restart_and_each_is_delivered_exactly_once()
    {
        await using var first = new SmtpAppFactory();
        first.Smtp.AcceptDelay = TimeSpan.FromMilliseconds(100);
        _ = first.Services;
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await OutboxTestMail.QueueAsync(first, $"r{i}-{Guid.NewGuid():N}@demo.local")).MessageId);
        }

        // Stopped while it is sending: some went out, the rest are pending.
        await first.Smtp.WaitForAsync(m => ids.Contains(m.MessageId!));
        await using var second = await first.RestartAsync();
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={first.DatabasePath}").Options))
        {
            Assert.Contains(db.OutgoingEmails, e => e.Status == OutgoingEmailStatus.Pending);
            // A graceful stop finishes the message in hand: nothing is left claimed.
            Assert.DoesNotContain(db.OutgoingEmails, e => e.LockedUntil != null);
        }

        first.Smtp.AcceptDelay = TimeSpan.Zero;
        _ = second.Services;
        await second.Smtp.WaitForAsync(m => ids.Contains(m.MessageId!), ids.Count);

        await using var check = second.CreateDbContext();
        await Poll.UntilAsync(() => Task.FromResult(check.OutgoingEmails.Count(e => e.Status == OutgoingEmailStatus.Sent) == ids.Count), "every row marked sent");
        var delivered = second.Smtp.Messages.Where(m => ids.Contains(m.MessageId!)).GroupBy(m => m.MessageId).ToList();
        Assert.Equal(ids.Count, delivered.Count);
        Assert.All(delivered, g => Assert.Single(g));
    }
}
