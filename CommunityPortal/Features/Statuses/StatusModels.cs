using System.ComponentModel.DataAnnotations;

namespace CommunityPortal.Features.Statuses;

public sealed record StatusDto(int Id, string Code, string Descripcion, string Color, bool EsFinal, int Orden);

/// <summary><c>PUT /api/statusticket/{id}</c>: only description and color are editable; codes are fixed.</summary>
public sealed record UpdateStatusRequest(
    [property: Required, StringLength(StatusTicket.DescripcionMaxLength)] string Descripcion,
    [property: Required, RegularExpression(StatusModels.ColorPattern)] string Color);

public static class StatusModels
{
    /// <summary>"#RRGGBB", either case (stored upper-case).</summary>
    public const string ColorPattern = "^#[0-9A-Fa-f]{6}$";
}
