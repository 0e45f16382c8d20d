using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Notifications;

/// <summary>
/// A user's language for e-mails and the API's notification texts, and how each kind of e-mail reaches them
/// (<see cref="EmailFrequency"/>). A user without a row has <see cref="Defaults"/>.
/// </summary>
public sealed class NotificationPreferences
{
    public const string DefaultLanguage = "es";

    public static readonly IReadOnlyList<string> Languages = [DefaultLanguage, "en"];

    public string UserId { get; set; } = "";

    public string Language { get; set; } = DefaultLanguage;

    public string StatusChanged { get; set; } = EmailFrequency.Immediate;

    public string CommentAdded { get; set; } = EmailFrequency.Immediate;

    public string TicketCreated { get; set; } = EmailFrequency.Immediate;

    public string Avisos { get; set; } = EmailFrequency.Immediate;

    /// <summary>The daily digest e-mail itself: <c>off</c> stops it (and the events set to <c>daily</c> are dropped).</summary>
    public string Digest { get; set; } = EmailFrequency.Daily;

    /// <summary>
    /// Residents hear at once about their own tickets; administrators at once about new tickets and residents' comments
    /// in their communities (the same three kinds, each reaching only the people the mail rules pick).
    /// </summary>
    public static NotificationPreferences Defaults(string userId) => new() { UserId = userId };

    /// <summary>The frequency of one <see cref="PreferenceKinds"/> kind.</summary>
    public string For(string kind) => kind switch
    {
        PreferenceKinds.StatusChanged => StatusChanged,
        PreferenceKinds.CommentAdded => CommentAdded,
        PreferenceKinds.TicketCreated => TicketCreated,
        PreferenceKinds.Avisos => Avisos,
        PreferenceKinds.Digest => Digest,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown preference kind."),
    };

    public void Set(string kind, string frequency)
    {
        switch (kind)
        {
            case PreferenceKinds.StatusChanged: StatusChanged = frequency; break;
            case PreferenceKinds.CommentAdded: CommentAdded = frequency; break;
            case PreferenceKinds.TicketCreated: TicketCreated = frequency; break;
            case PreferenceKinds.Avisos: Avisos = frequency; break;
            case PreferenceKinds.Digest: Digest = frequency; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown preference kind.");
        }
    }
}

/// <summary>How an e-mail kind reaches a user.</summary>
public static class EmailFrequency
{
    public const string Immediate = "immediate";
    public const string Daily = "daily";
    public const string Off = "off";

    public static readonly IReadOnlyList<string> All = [Immediate, Daily, Off];
}

/// <summary>The preference names of the contract (<c>email.statusChanged</c>, …).</summary>
public static class PreferenceKinds
{
    public const string StatusChanged = "statusChanged";
    public const string CommentAdded = "commentAdded";
    public const string TicketCreated = "ticketCreated";
    public const string Avisos = "avisos";
    public const string Digest = "digest";

    public static readonly IReadOnlyList<string> All = [StatusChanged, CommentAdded, TicketCreated, Avisos, Digest];
}

internal sealed class NotificationPreferencesConfiguration : IEntityTypeConfiguration<NotificationPreferences>
{
    public void Configure(EntityTypeBuilder<NotificationPreferences> builder)
    {
        builder.ToTable("NotificationPreferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.Language).HasMaxLength(5).IsRequired();
        foreach (var kind in new[] { nameof(NotificationPreferences.StatusChanged), nameof(NotificationPreferences.CommentAdded),
                     nameof(NotificationPreferences.TicketCreated), nameof(NotificationPreferences.Avisos), nameof(NotificationPreferences.Digest) })
        {
            builder.Property<string>(kind).HasMaxLength(10).IsRequired();
        }

        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
