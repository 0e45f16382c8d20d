using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Images;

/// <summary>
/// The bytes one accepted upload brought in, by whom and when: the per-user daily quota
/// (<c>Storage:QuotaPerUserPerDayMB</c>) is their sum over the last day. Rows older than that are dropped by
/// <see cref="UploadsMaintenance"/>.
/// </summary>
public sealed class UploadUsage
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public DateTime At { get; set; }

    public long Bytes { get; set; }
}

internal sealed class UploadUsageConfiguration : IEntityTypeConfiguration<UploadUsage>
{
    public void Configure(EntityTypeBuilder<UploadUsage> builder)
    {
        builder.ToTable("UploadUsage");
        builder.Property(u => u.UserId).HasMaxLength(450).IsRequired();
        // Covers the quota's sum: the user's rows of the last day, read from the index alone.
        builder.HasIndex(u => new { u.UserId, u.At, u.Bytes });
        builder.HasIndex(u => u.At);
    }
}
