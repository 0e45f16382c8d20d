namespace CommunityPortal.Features.Statuses;

/// <summary>A ticket status. Codes are fixed; description and color are editable.</summary>
public class StatusTicket
{
    public const int CodeMaxLength = 50;
    public const int DescripcionMaxLength = 100;

    public int Id { get; set; }

    public string Code { get; set; } = "";

    public string Descripcion { get; set; } = "";

    /// <summary>"#RRGGBB".</summary>
    public string Color { get; set; } = "#000000";

    public bool EsFinal { get; set; }

    public int Orden { get; set; }
}
