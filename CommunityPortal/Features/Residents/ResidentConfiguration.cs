using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Residents;

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> builder)
    {
        builder.Property(r => r.UserId).IsRequired();
        builder.Property(r => r.FullName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Unit).HasMaxLength(50).IsRequired();
        builder.Property(r => r.Phone).HasMaxLength(30);
        builder.HasOne(r => r.User).WithMany()
            .HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Community).WithMany(c => c.Residents)
            .HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.UserId);
        // Lookups "resident by unit" inside a community, and one profile per user and unit.
        builder.HasIndex(r => new { r.CommunityId, r.Unit, r.UserId }).IsUnique();
    }
}
