using System.Globalization;
using CommunityPortal.Data;
using CommunityPortal.Features.Preferences;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Features.Email;

/// <summary>
/// Delivers the outbox. Each due row is claimed with a conditional UPDATE (pending, due, not locked by someone else), so
/// two nodes never send one row; it is marked sent right after the server accepted it. A crash between the two leaves
/// the row locked for <see cref="Lease"/>, after which it is sent again: at most one repeat, never a drop. A graceful
/// stop finishes the message in hand before it stops. Transient failures (no connection, 4xx, timeouts) are retried
/// with exponential backoff until <see cref="GiveUpAfter"/> after the row was queued, then the row is Failed;
/// permanent ones (5xx, a bad address) fail at once with the server's answer in <see cref="OutgoingEmail.LastError"/>.
/// Wakes when a save on this node queued a message (<see cref="EmailSignal"/>), when the next retry is due, and every
/// <c>Email:PollSeconds</c>. Time is read from <see cref="TimeProvider"/> only.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<AppDbContext> dbFactory,
    ConfiguredEmailTransport configured,
    EmailSignal signal,
    TimeProvider clock,
    IOptions<EmailSettings> settings,
    PortalName portalName,
    PublicLinks publicLinks,
    ILogger<OutboxSender> logger) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private const int BatchSize = 50;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 30 s, 1 min, 2 min, … at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configured.Transport is not { } transport)
        {
            logger.LogWarning("E-mail is not configured (neither Email:Smtp:Host nor Email:PickupFolder): messages stay queued "
                + "and administrators hand set-password links over themselves");
            return;
        }

        if (transport is PickupFolderTransport pickup)
        {
            logger.LogInformation("E-mails are written as .eml files to {Folder}", pickup.Folder);
        }
        else
        {
            logger.LogInformation("E-mails are sent through {Server}", transport.Description);
        }

        var poll = TimeSpan.FromSeconds(Math.Max(1, settings.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = poll;
            try
            {
                await SendDueAsync(transport, stoppingToken);
                if (await NextDueAsync(stoppingToken) is { } next)
                {
                    var untilNext = next - clock.GetUtcNow().UtcDateTime;
                    wait = untilNext < wait ? (untilNext > TimeSpan.Zero ? untilNext : TimeSpan.FromMilliseconds(50)) : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The sender must outlive a busy database or a bug in one message: the next round tries again.
                logger.LogWarning(ex, "E-mail sending round failed");
            }

            using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(signal.WaitAsync(woken.Token), Task.Delay(wait, clock, woken.Token));
            await woken.CancelAsync();
        }
    }

    /// <summary>Sends every row due now; returns how many went out. Stops early, leaving rows due, when the server is unreachable.</summary>
    public async Task<int> SendDueAsync(IEmailTransport transport, CancellationToken stoppingToken)
    {
        var sent = 0;
        IEmailConnection? connection = null;
        await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
        try
        {
            while (true)
            {
                var now = Now();
                var due = await db.OutgoingEmails.AsNoTracking()
                    .Where(e => e.Status == OutgoingEmailStatus.Pending && e.SendAfter <= now && (e.LockedUntil == null || e.LockedUntil <= now))
                    .OrderBy(e => e.SendAfter).ThenBy(e => e.Id)
                    .Take(BatchSize)
                    .ToListAsync(stoppingToken);
                if (due.Count == 0)
                {
                    return sent;
                }

                foreach (var email in due)
                {
                    stoppingToken.ThrowIfCancellationRequested();
                    now = Now();
                    if (!await ClaimAsync(db, email.Id, now))
                    {
                        continue;
                    }

                    // From here on the row is this node's: the message in hand is finished (and marked) even when the
                    // app is stopping, so a graceful stop never leaves a delivered message unmarked.
                    try
                    {
                        var message = EmailMessages.Build(email, portalName.In(CultureInfo.GetCultureInfo(PortalLocalization.DefaultCulture)), FromAddress());
                        connection ??= await transport.ConnectAsync(CancellationToken.None);
                        await connection.SendAsync(message, CancellationToken.None);
                    }
                    catch (EmailDeliveryException ex)
                    {
                        await RecordFailureAsync(db, email, ex);
                        if (connection is null)
                        {
                            // No session at all: the rest waits for the next round instead of failing one by one.
                            return sent;
                        }

                        if (!connection.IsUsable)
                        {
                            await connection.DisposeAsync();
                            connection = null;
                        }

                        continue;
                    }

                    await MarkSentAsync(db, email.Id);
                    sent++;
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private string FromAddress() =>
        settings.Value.From is { Length: > 0 } from ? from : $"no-reply@{publicLinks.BaseUri.Host}";

    private async Task<DateTime?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OutgoingEmails.Where(e => e.Status == OutgoingEmailStatus.Pending)
            .MinAsync(e => (DateTime?)(e.LockedUntil != null && e.LockedUntil > e.SendAfter ? e.LockedUntil : e.SendAfter), cancellationToken);
    }

    private static async Task<bool> ClaimAsync(AppDbContext db, long id, DateTime now)
    {
        var until = now + Lease;
        return await db.OutgoingEmails
            .Where(e => e.Id == id && e.Status == OutgoingEmailStatus.Pending && e.SendAfter <= now && (e.LockedUntil == null || e.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntil, until)) == 1;
    }

    private async Task MarkSentAsync(AppDbContext db, long id)
    {
        var now = Now();
        await db.OutgoingEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, OutgoingEmailStatus.Sent)
            .SetProperty(e => e.SentAt, now)
            .SetProperty(e => e.LastAttemptAt, now)
            .SetProperty(e => e.Attempts, e => e.Attempts + 1)
            .SetProperty(e => e.LockedUntil, (DateTime?)null));
    }

    private async Task RecordFailureAsync(AppDbContext db, OutgoingEmail email, EmailDeliveryException failure)
    {
        var now = Now();
        var attempts = email.Attempts + 1;
        var deadline = email.CreatedAt + GiveUpAfter;
        var failed = failure.Permanent || now >= deadline;
        var next = now + Backoff(attempts);
        if (next > deadline)
        {
            next = deadline;
        }

        var error = failure.Message.Length > 2000 ? failure.Message[..2000] : failure.Message;
        await db.OutgoingEmails.Where(e => e.Id == email.Id && e.Status == OutgoingEmailStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, failed ? OutgoingEmailStatus.Failed : OutgoingEmailStatus.Pending)
            .SetProperty(e => e.Attempts, attempts)
            .SetProperty(e => e.LastError, error)
            .SetProperty(e => e.LastAttemptAt, now)
            .SetProperty(e => e.SendAfter, failed ? email.SendAfter : next)
            .SetProperty(e => e.LockedUntil, (DateTime?)null));
        if (failed)
        {
            logger.LogWarning("E-mail {Id} ({Kind}) failed for good after {Attempts} attempts: {Error}", email.Id, email.Kind, attempts, error);
        }
        else
        {
            logger.LogInformation("E-mail {Id} not delivered ({Error}); next attempt at {Next:u}", email.Id, error, next);
        }
    }
}
