using System.ComponentModel.DataAnnotations;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Email;

/// <summary>A row of /admin/email: what went (or will go) to whom, and the server's last answer.</summary>
public sealed record EmailQueueItemDto(
    long Id, string Kind, string ToAddress, string Subject, OutgoingEmailStatus Status, DateTime CreatedAt, DateTime SendAfter,
    int Attempts, string? LastError, DateTime? LastAttemptAt, DateTime? SentAt, bool CanRetry, bool CanDiscard);

public sealed record EmailQueueQuery(OutgoingEmailStatus? Status = null, int Page = 1, int PageSize = 25);

public sealed record EmailStatusCounts(int Pending, int Sent, int Failed, int Discarded);

/// <summary>
/// What the dashboard tells SYSTEM_ADMIN about e-mail: whether a transport is configured, and how many messages have
/// been failing for more than <see cref="EmailAdminService.FailingWarningAfter"/> (pending with failed attempts, or failed).
/// </summary>
public sealed record EmailHealthDto(bool Configured, int FailingForOverAnHour);

/// <summary>
/// The outbox as SYSTEM_ADMIN manages it (/admin/email): the queue paged in the database, retry and discard, a test
/// e-mail, and the dashboard's warning. The one place that says who may (<see cref="CanManage"/>); others get NotFound.
/// </summary>
public sealed class EmailAdminService(
    IDbContextFactory<AppDbContext> dbFactory,
    EmailOutbox outbox,
    AccountEmails accountEmails,
    ConfiguredEmailTransport transport,
    EmailSignal signal,
    TimeProvider clock,
    IStringLocalizer<MailResource> l)
{
    public static readonly TimeSpan FailingWarningAfter = TimeSpan.FromHours(1);

    public static bool CanManage(CurrentUser user) => user.IsSystemAdmin;

    /// <summary>Where e-mail goes (<c>smtp://…</c>, a folder), or null when it is not configured.</summary>
    public string? TransportDescription => transport.Transport?.Description;

    public async Task<ServiceResult<PagedResult<EmailQueueItemDto>>> ListAsync(CurrentUser user, EmailQueueQuery query, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return ServiceResult.NotFound;
        }

        if (Paging.Validate(query.Page, query.PageSize) is { } errors)
        {
            return Failure.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.OutgoingEmails.AsNoTracking();
        if (query.Status is { } status)
        {
            rows = rows.Where(e => e.Status == status);
        }

        var total = await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .TakePage(query.Page, query.PageSize)
            .Select(e => new EmailQueueItemDto(
                e.Id, e.Kind, e.ToAddress, e.Subject, e.Status, e.CreatedAt, e.SendAfter, e.Attempts, e.LastError, e.LastAttemptAt, e.SentAt,
                e.Status == OutgoingEmailStatus.Failed || e.Status == OutgoingEmailStatus.Discarded
                    || (e.Status == OutgoingEmailStatus.Pending && e.Attempts > 0),
                e.Status == OutgoingEmailStatus.Pending || e.Status == OutgoingEmailStatus.Failed))
            .ToListAsync(ct);
        return new PagedResult<EmailQueueItemDto>(items, total, query.Page, query.PageSize);
    }

    public async Task<ServiceResult<EmailStatusCounts>> CountAsync(CurrentUser user, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return ServiceResult.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.OutgoingEmails.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(OutgoingEmailStatus status) => counts.SingleOrDefault(c => c.Key == status)?.Count ?? 0;
        return new EmailStatusCounts(Of(OutgoingEmailStatus.Pending), Of(OutgoingEmailStatus.Sent), Of(OutgoingEmailStatus.Failed), Of(OutgoingEmailStatus.Discarded));
    }

    /// <summary>
    /// Sends a failed, discarded or retrying message again now, with a fresh 24-hour window (its <see cref="OutgoingEmail.CreatedAt"/>
    /// becomes now). A message that is being delivered or already sent is left alone.
    /// </summary>
    public async Task<ServiceResult> RetryAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return ServiceResult.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.OutgoingEmails
            .Where(e => e.Id == id && (e.Status == OutgoingEmailStatus.Failed || e.Status == OutgoingEmailStatus.Discarded
                || (e.Status == OutgoingEmailStatus.Pending && (e.LockedUntil == null || e.LockedUntil <= now))))
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, OutgoingEmailStatus.Pending)
                .SetProperty(e => e.SendAfter, now)
                .SetProperty(e => e.CreatedAt, now)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.LockedUntil, (DateTime?)null), ct);
        if (changed == 1)
        {
            // ExecuteUpdate bypasses SaveChanges, so the interceptor does not see it: wake the sender here.
            signal.Wake();
            return ServiceResult.Ok;
        }

        return await db.OutgoingEmails.AnyAsync(e => e.Id == id, ct)
            ? ServiceResult.Conflict("email", l["Admin.CannotRetry"])
            : ServiceResult.NotFound;
    }

    /// <summary>Stops a pending or failed message from going out; it stays listed as discarded.</summary>
    public async Task<ServiceResult> DiscardAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return ServiceResult.NotFound;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.OutgoingEmails
            .Where(e => e.Id == id && (e.Status == OutgoingEmailStatus.Failed
                || (e.Status == OutgoingEmailStatus.Pending && (e.LockedUntil == null || e.LockedUntil <= now))))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutgoingEmailStatus.Discarded), ct);
        if (changed == 1)
        {
            return ServiceResult.Ok;
        }

        return await db.OutgoingEmails.AnyAsync(e => e.Id == id, ct)
            ? ServiceResult.Conflict("email", l["Admin.CannotDiscard"])
            : ServiceResult.NotFound;
    }

    /// <summary>The address the test e-mail goes to unless the administrator types another: their own.</summary>
    public async Task<string> OwnAddressAsync(CurrentUser user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == user.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct) ?? "";
    }

    /// <summary>Queues a test e-mail to <paramref name="to"/>; it shows up in the queue like any other.</summary>
    public async Task<ServiceResult<long>> SendTestAsync(CurrentUser user, string? to, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return ServiceResult.NotFound;
        }

        var address = to?.Trim() ?? "";
        if (address.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(address))
        {
            return ServiceResult.Invalid("to", l["Admin.TestAddressInvalid"]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var email = outbox.Queue(db, accountEmails.Test(address, user.DisplayName));
        await db.SaveChangesAsync(ct);
        return email.Id;
    }

    /// <summary>For SYSTEM_ADMIN's dashboard; null for anyone else.</summary>
    public async Task<EmailHealthDto?> GetHealthAsync(CurrentUser user, CancellationToken ct)
    {
        if (!CanManage(user))
        {
            return null;
        }

        var since = clock.GetUtcNow().UtcDateTime - FailingWarningAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var failing = await db.OutgoingEmails.CountAsync(e =>
            (e.Status == OutgoingEmailStatus.Pending && e.Attempts > 0 && e.CreatedAt <= since)
            || (e.Status == OutgoingEmailStatus.Failed && e.CreatedAt <= since && e.LastAttemptAt >= since - TimeSpan.FromDays(1)), ct);
        return new EmailHealthDto(transport.Transport is not null, failing);
    }
}
