using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).IsRequired();
        builder.Property(n => n.Kind).HasMaxLength(30).IsRequired();
        builder.Property(n => n.ActorName).HasMaxLength(200).IsRequired();
        builder.Property(n => n.Detail).HasMaxLength(Notification.DetailMaxLength).IsRequired();

        builder.HasOne(n => n.Ticket).WithMany().HasForeignKey(n => n.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);

        // The bell counts a user's unread ones and lists their latest.
        builder.HasIndex(n => new { n.UserId, n.ReadAt, n.CreatedAt });
    }
}
