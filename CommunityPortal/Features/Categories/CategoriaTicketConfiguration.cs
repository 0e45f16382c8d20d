using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityPortal.Features.Categories;

internal sealed class CategoriaTicketConfiguration : IEntityTypeConfiguration<CategoriaTicket>
{
    public void Configure(EntityTypeBuilder<CategoriaTicket> builder)
    {
        builder.ToTable("CategoriasTicket");
        builder.Property(c => c.Nombre).HasMaxLength(CategoriaTicket.NombreMaxLength).IsRequired();
        builder.Property(c => c.Descripcion).HasMaxLength(CategoriaTicket.DescripcionMaxLength);
        builder.HasIndex(c => c.Nombre).IsUnique();
    }
}
