using CommunityPortal.Features.Residents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Comments;

internal sealed class ComentarioConfiguration : IEntityTypeConfiguration<Comentario>
{
    public void Configure(EntityTypeBuilder<Comentario> builder)
    {
        // SQLite ignores declared lengths, so the limits are also check constraints.
        builder.ToTable("Comentarios", t =>
        {
            t.HasCheckConstraint("CK_Comentarios_Texto_Length",
                $"length(ComentarioTexto) BETWEEN 1 AND {Comentario.TextoMaxLength}");
            t.HasCheckConstraint("CK_Comentarios_Origen_Length",
                $"length(Origen) <= {Comentario.OrigenMaxLength} AND length(IdOrigen) <= {Comentario.IdOrigenMaxLength}");
        });
        builder.Property(c => c.Origen).HasMaxLength(Comentario.OrigenMaxLength).IsRequired();
        builder.Property(c => c.IdOrigen).HasMaxLength(Comentario.IdOrigenMaxLength).IsRequired();
        builder.Property(c => c.ComentarioTexto).HasMaxLength(Comentario.TextoMaxLength).IsRequired();
        builder.PrimitiveCollection(c => c.ImageUrls).IsRequired();
        builder.Property(c => c.AuthorUserId).IsRequired();
        builder.Property(c => c.AuthorName).HasMaxLength(200).IsRequired();
        builder.Property(c => c.AuthorRole).HasMaxLength(50).IsRequired();

        builder.HasOne(c => c.Parent).WithMany()
            .HasForeignKey(c => c.IdComment).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Resident>().WithMany()
            .HasForeignKey(c => c.ResidentId).OnDelete(DeleteBehavior.Restrict);

        // A thread is read whole, oldest first.
        builder.HasIndex(c => new { c.Origen, c.IdOrigen, c.CreatedAt });
        builder.HasIndex(c => c.IdComment);
        // The per-user limit on new comments counts the author's comments of the last hour.
        builder.HasIndex(c => new { c.AuthorUserId, c.CreatedAt });
    }
}
