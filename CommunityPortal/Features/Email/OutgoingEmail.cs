namespace CommunityPortal.Features.Email;

/// <summary>
/// One e-mail in the outbox. A feature adds the row to the same save as the change that causes it (through
/// <see cref="EmailOutbox"/>), so a change is never stored without its e-mail nor an e-mail without its change; the
/// background sender delivers it later, with retries. The message is stored fully rendered, in the recipient's language.
/// </summary>
public sealed class OutgoingEmail
{
    public const int SubjectMaxLength = 300;

    public long Id { get; set; }

    /// <summary>What it is about, one of <see cref="EmailKinds"/>: decides preferences, unsubscribe and batching.</summary>
    public required string Kind { get; set; }

    /// <summary>The recipient's account, when the e-mail goes to a user of the portal.</summary>
    public string? UserId { get; set; }

    public required string ToAddress { get; set; }

    public string ToName { get; set; } = "";

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    /// <summary>The RFC 5322 Message-Id, without angle brackets; made once when queued, so a retry repeats it.</summary>
    public required string MessageId { get; set; }

    /// <summary>Threading (In-Reply-To and References, without angle brackets): one ticket's e-mails group in a mail app.</summary>
    public string? InReplyTo { get; set; }

    public string? References { get; set; }

    /// <summary>Absolute one-click unsubscribe URL; when set the sender adds List-Unsubscribe and List-Unsubscribe-Post (RFC 8058).</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>The ticket it is about, if any.</summary>
    public int? TicketId { get; set; }

    /// <summary>
    /// Events for one recipient about one thing within the batch window share a key (e.g. <c>ticket:42:user:…</c>);
    /// a pending row with the same key and a <see cref="SendAfter"/> still in the future is rewritten instead of a second row.
    /// </summary>
    public string? BatchKey { get; set; }

    public OutgoingEmailStatus Status { get; set; } = OutgoingEmailStatus.Pending;

    public DateTime CreatedAt { get; set; }

    /// <summary>Not sent before this instant (the batch window, or the next retry after a failure).</summary>
    public DateTime SendAfter { get; set; }

    public int Attempts { get; set; }

    /// <summary>The mail server's last answer when a delivery failed.</summary>
    public string? LastError { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>A sender that claimed the row for delivery holds it until this instant (one delivery at a time across nodes).</summary>
    public DateTime? LockedUntil { get; set; }

    public DateTime? SentAt { get; set; }
}

public enum OutgoingEmailStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Permanently failed (5xx, bad address, or retries exhausted): not retried unless an administrator asks.</summary>
    Failed = 2,
    Discarded = 3,
}

/// <summary>The kinds of e-mail. Notification kinds match the contract's notification kinds.</summary>
public static class EmailKinds
{
    public const string Invitation = "invitation";
    public const string PasswordReset = "password_reset";
    public const string PasswordChanged = "password_changed";
    public const string Test = "test";

    public const string StatusChanged = "status_changed";
    public const string CommentAdded = "comment_added";
    public const string TicketCreated = "ticket_created";
    public const string Digest = "digest";
}
