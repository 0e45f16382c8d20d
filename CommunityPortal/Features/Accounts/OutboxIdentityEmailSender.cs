using System.Net;
using System.Threading.Channels;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Accounts;

/// <summary>
/// Identity's e-mails (reset link, reset code, address confirmation) through the outbox. Identity hands links over
/// HTML-encoded. The message is rendered here, in the request's language, and written by <see cref="AnonymousRequestEmails"/>
/// after the answer: "forgot password" must take about the same time whether or not the account exists, and a database
/// write only for existing accounts would tell them apart.
/// </summary>
public sealed class OutboxIdentityEmailSender(AnonymousRequestEmails queue, AccountEmails emails) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        queue.Add(emails.ConfirmAddress(user, email, WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        queue.Add(emails.PasswordReset(user, email, WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        queue.Add(emails.PasswordResetCode(user, email, resetCode));
}

/// <summary>
/// Writes e-mails asked for by anonymous requests to the outbox off the request path (see
/// <see cref="OutboxIdentityEmailSender"/>), in batches. What is handed over when the app stops is written before it
/// stops; a crash in between loses a reset e-mail, which its owner asks for again.
/// </summary>
public sealed class AnonymousRequestEmails(IDbContextFactory<AppDbContext> dbFactory, EmailOutbox outbox, ILogger<AnonymousRequestEmails> logger)
    : BackgroundService
{
    // Bounded: requests are rate limited per address, so a full buffer means a flood, whose excess is dropped.
    private readonly Channel<OutgoingEmail> pending = Channel.CreateBounded<OutgoingEmail>(
        new BoundedChannelOptions(5_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public Task Add(OutgoingEmail email)
    {
        if (!pending.Writer.TryWrite(email))
        {
            logger.LogWarning("E-mail to {To} dropped: too many account e-mails waiting to be queued", email.ToAddress);
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is already handed over is still written.
            while (pending.Reader.Count > 0)
            {
                await WriteAvailableAsync(CancellationToken.None);
            }
        }
    }

    private async Task WriteAvailableAsync(CancellationToken cancellationToken)
    {
        var batch = new List<OutgoingEmail>();
        while (batch.Count < 200 && pending.Reader.TryRead(out var email))
        {
            batch.Add(email);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var email in batch)
            {
                outbox.Queue(db, email);
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            logger.LogError(ex, "{Count} account e-mails could not be queued", batch.Count);
        }
    }
}
