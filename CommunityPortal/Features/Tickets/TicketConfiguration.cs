using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Tickets;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable(t =>
        {
            // SQLite ignores declared lengths, so the limits are also check constraints.
            t.HasCheckConstraint("CK_Tickets_Contenido_Length", $"length(Contenido) <= {Ticket.ContenidoMaxLength}");
            // The counter triggers (see TicketCount) are AFTER triggers, which EF documents as incompatible with RETURNING.
            t.UseSqlReturningClause(false);
        });
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
        // The same for a category (it also serves the foreign key): without it a category-filtered list sorted every
        // ticket of the category for one page (45-60 ms at 100k tickets).
        builder.HasIndex(t => new { t.CategoriaTicketId, t.FechaReporte });
        builder.HasIndex(t => t.FechaReporte);
        // Counts the counters cannot answer (q, category, dates) read this index instead of the table: it holds
        // every column those filters test, so SQLite never fetches a ticket row to count it. Status first: led by
        // the community, SQLite would also pick it (wider, so slower) to sort the unfiltered list.
        builder.HasIndex(t => new { t.StatusId, t.CommunityId, t.FechaReporte, t.IsDeleted, t.CategoriaTicketId, t.ContenidoBusqueda })
            .HasDatabaseName("IX_Tickets_ListCount");
    }
}

internal sealed class TicketCountConfiguration : IEntityTypeConfiguration<TicketCount>
{
    public void Configure(EntityTypeBuilder<TicketCount> builder)
    {
        // The migration TicketCounters creates the table and its triggers in SQL; EF only reads it.
        builder.HasNoKey();
        builder.ToTable("TicketCounts", t => t.ExcludeFromMigrations());
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
        // The per-user limit on new tickets counts the user's "created" entries of the last hour.
        builder.HasIndex(h => new { h.UserId, h.Action, h.At });
    }
}
