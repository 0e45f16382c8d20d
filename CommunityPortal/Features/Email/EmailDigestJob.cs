using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Email;

/// <summary>
/// The daily digest: once a day, from <c>Email:DigestHour</c> (7) local to <c>Email:TimeZone</c> (Europe/Madrid), one
/// e-mail per user listing, per community, the events they set to "daily" since their last digest. Checks every
/// minute on the injected <see cref="TimeProvider"/>. Runs once per cluster: the day's <see cref="EmailDigestRun"/>
/// row is inserted in the same transaction as the digests and the events they consume, so a second node (or a
/// second run) either finds the day claimed or fails on the row's key and writes nothing.
/// </summary>
public sealed class EmailDigestJob(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    NotificationMail mail,
    PublicLinks links,
    IConfiguration configuration,
    TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource> l,
    ILogger<EmailDigestJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public int DigestHour => Math.Clamp(configuration.GetValue("Email:DigestHour", 7), 0, 23);

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(configuration["Email:TimeZone"] is { Length: > 0 } zone ? zone : "Europe/Madrid");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // First look one interval after start-up: starting the app costs no digest query.
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; the app keeps serving meanwhile.
                logger.LogWarning(ex, "The daily e-mail digest failed");
            }
        }
    }

    /// <summary>The last local day this node saw done: later ticks that day ask the database nothing.</summary>
    private string? dayDone;

    /// <summary>
    /// Sends today's digests if the hour has come and no node has yet; returns how many were queued, or null when it
    /// was not time or the day was already done.
    /// </summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, TimeZone);
        if (local.Hour < DigestHour)
        {
            return null;
        }

        var day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (day == dayDone)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.EmailDigestRuns.AnyAsync(r => r.Day == day, cancellationToken))
        {
            dayDone = day;
            return null;
        }

        var utcNow = now.UtcDateTime;
        var waiting = await db.NotificationMailEvents
            .Where(e => e.Daily && e.HandledAt == null && e.CreatedAt <= utcNow)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var userIds = waiting.Select(e => e.UserId).Distinct().ToList();
        var preferences = await NotificationPreferenceService.LoadAsync(db, userIds, cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.Email != null)
            .ToDictionaryAsync(u => u.Id, u => new { u.Email, u.DisplayName }, cancellationToken);
        // Administrators' digests lead to the administrators' list; a resident's to their own tickets.
        var administrators = (await db.UserRoles.AsNoTracking()
            .Where(ur => userIds.Contains(ur.UserId)
                         && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.AdminCompany || r.Name == Roles.SystemAdmin)))
            .Select(ur => ur.UserId).ToListAsync(cancellationToken)).ToHashSet();
        var communityIds = waiting.Select(e => e.CommunityId).Distinct().ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var run = new EmailDigestRun { Day = day, RanAt = utcNow };
        db.EmailDigestRuns.Add(run);
        foreach (var group in waiting.GroupBy(e => e.UserId))
        {
            var userPreferences = preferences[group.Key];
            foreach (var e in group)
            {
                e.HandledAt = utcNow;
            }

            if (userPreferences.Digest == EmailFrequency.Off || !users.TryGetValue(group.Key, out var user))
            {
                continue;
            }

            var events = group.ToList();
            var unsubscribeUrl = mail.UnsubscribeUrl(group.Key, PreferenceKinds.Digest);
            var forResident = !administrators.Contains(group.Key);
            var body = NotificationMail.InCulture(userPreferences.Language, () => Render(events, communities, forResident, unsubscribeUrl));
            var email = outbox.Queue(db, new OutgoingEmail
            {
                Kind = EmailKinds.Digest,
                UserId = group.Key,
                ToAddress = user.Email!,
                ToName = user.DisplayName,
                Subject = body.Subject,
                TextBody = body.Body.Text,
                HtmlBody = body.Body.Html,
                MessageId = $"digest-{day}-{Guid.NewGuid():N}@{mail.MailHost}",
                UnsubscribeUrl = unsubscribeUrl,
            });
            foreach (var e in events)
            {
                e.OutgoingEmail = email;
            }

            run.Emails++;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await AlreadyRanAsync(day, cancellationToken))
            {
                throw;
            }

            // Another node claimed the day between our check and our save: its digests stand, ours are not written.
            dayDone = day;
            return null;
        }

        dayDone = day;

        if (run.Emails > 0)
        {
            logger.LogInformation("Daily digest {Day}: {Count} e-mails queued", day, run.Emails);
        }

        return run.Emails;
    }

    private async Task<bool> AlreadyRanAsync(string day, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EmailDigestRuns.AnyAsync(r => r.Day == day, cancellationToken);
    }

    private NotificationMail.RenderedEmail Render(
        List<NotificationMailEvent> events, Dictionary<int, string> communities, bool forResident, string unsubscribeUrl)
    {
        var subject = l["Email.Digest.Subject", events.Count].Value;
        var paragraphs = events.GroupBy(e => e.CommunityId)
            .OrderBy(g => communities.GetValueOrDefault(g.Key, ""), StringComparer.CurrentCulture)
            .Select(g => l["Email.Digest.Community", communities.GetValueOrDefault(g.Key, "?"), g.Count()] + "\n"
                         + string.Join("\n", g.Select(e => "• " + l["Email.Digest.Line", e.TicketId, FirstLine(mail.EventLine(e, forResident))])))
            .ToList();
        var content = new EmailContent(l["Email.Digest.Heading"], paragraphs)
        {
            Button = new EmailButton(l["Email.Button.Tickets"], links.Absolute(forResident ? "tickets" : "admin/tickets")),
            Footer = mail.Footer(forResident ? l["Email.Footer.DigestResident"] : l["Email.Footer.Digest"], unsubscribeUrl),
        };
        return new NotificationMail.RenderedEmail(NotificationMail.Truncate(subject), EmailLayout.Render(mail.Portal, content));
    }

    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.Length > 1 ? lines[0] + " " + lines[1] : lines.FirstOrDefault() ?? "";
        return line.Length <= 200 ? line : line[..199] + "…";
    }
}
