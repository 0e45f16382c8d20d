using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        // SQLite ignores declared lengths, so the limits are also check constraints.
        builder.ToTable(t => t.HasCheckConstraint("CK_Tickets_Contenido_Length", $"length(Contenido) <= {Ticket.ContenidoMaxLength}"));
        builder.Property(t => t.Contenido).HasMaxLength(Ticket.ContenidoMaxLength);
        builder.Property(t => t.ContenidoBusqueda).HasMaxLength(Ticket.ContenidoMaxLength);
        builder.PrimitiveCollection(t => t.ImageUrls).IsRequired();
        builder.Property(t => t.Version).IsConcurrencyToken();

        builder.HasOne(t => t.Categoria).WithMany()
            .HasForeignKey(t => t.CategoriaTicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Status).WithMany()
            .HasForeignKey(t => t.StatusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Community).WithMany()
            .HasForeignKey(t => t.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Resident).WithMany()
            .HasForeignKey(t => t.ResidentId).OnDelete(DeleteBehavior.Restrict);

        // "My tickets", newest first.
        builder.HasIndex(t => new { t.ResidentId, t.FechaReporte });
        // Admin lists: community (company scope) + status filter, newest first.
        builder.HasIndex(t => new { t.CommunityId, t.StatusId, t.FechaReporte });
        // Lists filtered by status across communities, newest first: SQLite walks this index in order and stops
        // after the page instead of sorting every ticket of that status (bench/: 100k tickets).
        builder.HasIndex(t => new { t.StatusId, t.FechaReporte });
        builder.HasIndex(t => t.FechaReporte);
    }
}

internal sealed class TicketHistoryConfiguration : IEntityTypeConfiguration<TicketHistory>
{
    public void Configure(EntityTypeBuilder<TicketHistory> builder)
    {
        builder.ToTable("TicketHistory");
        builder.Property(h => h.UserName).HasMaxLength(200).IsRequired();
        builder.Property(h => h.Action).HasMaxLength(50).IsRequired();
        builder.Property(h => h.Detail).HasMaxLength(1000);
        builder.HasOne(h => h.Ticket).WithMany(t => t.History)
            .HasForeignKey(h => h.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(h => new { h.TicketId, h.At });
    }
}
