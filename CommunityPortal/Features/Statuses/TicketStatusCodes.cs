namespace CommunityPortal.Features.Statuses;

/// <summary>The fixed status codes of domain.md.</summary>
public static class TicketStatusCodes
{
    public const string Nuevo = "NUEVO";
    public const string EnRevision = "EN_REVISION";
    public const string EnInvestigacion = "EN_INVESTIGACION";
    public const string EnProceso = "EN_PROCESO";
    public const string Cancelado = "CANCELADO";
    public const string Resuelto = "RESUELTO";
}
