using CommunityPortal.Data;
using CommunityPortal.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Email;

/// <summary>
/// One thing a user is told about by e-mail (a status change, a comment, a new ticket), kept so that an e-mail can be
/// re-rendered listing every event of its batch, and so that the daily digest lists what happened since the last one.
/// Immediate events belong to their e-mail at once; daily ones wait (<see cref="HandledAt"/> null) for the digest.
/// </summary>
public sealed class NotificationMailEvent
{
    public const int TextMaxLength = 4000;

    public long Id { get; set; }

    public required string UserId { get; set; }

    public int TicketId { get; set; }

    public int CommunityId { get; set; }

    /// <summary><see cref="EmailKinds.StatusChanged"/>, <see cref="EmailKinds.CommentAdded"/> or <see cref="EmailKinds.TicketCreated"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>True for an event waiting for the daily digest rather than in an immediate e-mail.</summary>
    public bool Daily { get; set; }

    public string ActorName { get; set; } = "";

    /// <summary>The new status (status changes).</summary>
    public string? StatusText { get; set; }

    public string? StatusColor { get; set; }

    /// <summary>The comment, or the new ticket's description.</summary>
    public string? Text { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The e-mail that told the user (immediate batch or digest).</summary>
    public long? OutgoingEmailId { get; set; }

    public OutgoingEmail? OutgoingEmail { get; set; }

    /// <summary>When it went into an e-mail, or was dropped because the digest was turned off; null while it waits.</summary>
    public DateTime? HandledAt { get; set; }
}

/// <summary>
/// The daily digest's claim: one row per local day, inserted in the same transaction as that day's digests, so
/// whichever node inserts it first sends them and every other node (or a second run) finds the day done.
/// </summary>
public sealed class EmailDigestRun
{
    /// <summary>The local date in <c>Email:TimeZone</c>, "yyyy-MM-dd".</summary>
    public required string Day { get; set; }

    public DateTime RanAt { get; set; }

    public int Emails { get; set; }
}

internal sealed class NotificationMailEventConfiguration : IEntityTypeConfiguration<NotificationMailEvent>
{
    public void Configure(EntityTypeBuilder<NotificationMailEvent> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(30).IsRequired();
        builder.Property(e => e.ActorName).HasMaxLength(200).IsRequired();
        builder.Property(e => e.StatusText).HasMaxLength(100);
        builder.Property(e => e.StatusColor).HasMaxLength(20);
        builder.Property(e => e.Text).HasMaxLength(NotificationMailEvent.TextMaxLength);

        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.OutgoingEmail).WithMany().HasForeignKey(e => e.OutgoingEmailId).OnDelete(DeleteBehavior.Cascade);

        // The digest reads the events still waiting; a batch re-render reads its e-mail's events.
        builder.HasIndex(e => new { e.Daily, e.HandledAt, e.UserId });
        builder.HasIndex(e => e.OutgoingEmailId);
    }
}

internal sealed class EmailDigestRunConfiguration : IEntityTypeConfiguration<EmailDigestRun>
{
    public void Configure(EntityTypeBuilder<EmailDigestRun> builder)
    {
        builder.HasKey(r => r.Day);
        builder.Property(r => r.Day).HasMaxLength(10);
    }
}
