using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Statuses;

internal sealed class StatusTicketConfiguration : IEntityTypeConfiguration<StatusTicket>
{
    public void Configure(EntityTypeBuilder<StatusTicket> builder)
    {
        builder.ToTable("StatusesTicket", t => t.HasCheckConstraint("CK_StatusesTicket_Color", "length(Color) = 7 AND substr(Color, 1, 1) = '#'"));
        builder.Property(s => s.Code).HasMaxLength(StatusTicket.CodeMaxLength).IsRequired();
        builder.Property(s => s.Descripcion).HasMaxLength(StatusTicket.DescripcionMaxLength).IsRequired();
        builder.Property(s => s.Color).HasMaxLength(7).IsFixedLength().IsRequired();
        builder.HasIndex(s => s.Code).IsUnique();
    }
}
