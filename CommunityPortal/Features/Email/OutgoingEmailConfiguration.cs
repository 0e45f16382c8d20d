using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Email;

internal sealed class OutgoingEmailConfiguration : IEntityTypeConfiguration<OutgoingEmail>
{
    public void Configure(EntityTypeBuilder<OutgoingEmail> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(30).IsRequired();
        builder.Property(e => e.ToAddress).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(OutgoingEmail.SubjectMaxLength).IsRequired();
        builder.Property(e => e.MessageId).HasMaxLength(200).IsRequired();
        builder.Property(e => e.InReplyTo).HasMaxLength(200);
        builder.Property(e => e.References).HasMaxLength(2000);
        builder.Property(e => e.UnsubscribeUrl).HasMaxLength(2000);
        builder.Property(e => e.BatchKey).HasMaxLength(200);
        builder.Property(e => e.LastError).HasMaxLength(2000);

        // The recipient's account may be deleted; the e-mail row stays as the record of what was sent.
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(e => e.MessageId).IsUnique();
        // The sender picks due pending rows; /admin/email lists by status, newest first.
        builder.HasIndex(e => new { e.Status, e.SendAfter });
        builder.HasIndex(e => new { e.BatchKey, e.Status });
    }
}
