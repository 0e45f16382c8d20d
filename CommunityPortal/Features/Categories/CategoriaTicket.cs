namespace CommunityPortal.Features.Categories;

/// <summary>What kind of problem a ticket reports. In-use categories are deactivated, never removed.</summary>
public class CategoriaTicket
{
    public const int NombreMaxLength = 100;
    public const int DescripcionMaxLength = 500;

    public int Id { get; set; }

    public string Nombre { get; set; } = "";

    public string? Descripcion { get; set; }

    public bool Activo { get; set; } = true;

    public int Orden { get; set; }
}
