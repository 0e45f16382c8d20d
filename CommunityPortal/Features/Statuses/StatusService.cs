using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;
using System.Text.RegularExpressions;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Statuses;

/// <summary>Ticket statuses: everyone reads them, SYSTEM_ADMIN edits description and color.</summary>
public sealed partial class StatusService(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<StatusDto>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Statuses.AsNoTracking()
            .OrderBy(s => s.Orden).ThenBy(s => s.Id)
            .Select(s => new StatusDto(s.Id, s.Code, s.Descripcion, s.Color, s.EsFinal, s.Orden))
            .ToListAsync(ct);
    }

    /// <summary>Who may change a status's description and color.</summary>
    private static bool MayChange(CurrentUser caller) => caller.IsSystemAdmin;

    public async Task<ServiceResult<StatusDto>> UpdateAsync(CurrentUser caller, int id, UpdateStatusRequest request, CancellationToken ct)
    {
        if (!MayChange(caller))
        {
            return ServiceResult.Forbidden;
        }

        var descripcion = request.Descripcion?.Trim();
        if (string.IsNullOrEmpty(descripcion))
        {
            return ServiceResult.Invalid("descripcion", l["Statuses.Error.DescriptionRequired"].Value);
        }

        // Also checked here, not only by the request's annotations: the database checks just the length.
        if (request.Color is null || !ColorRegex().IsMatch(request.Color))
        {
            return ServiceResult.Invalid("color", l["Statuses.Error.Color"].Value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var status = await db.Statuses.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (status is null)
        {
            return ServiceResult.NotFound;
        }

        status.Descripcion = descripcion;
        status.Color = request.Color.ToUpperInvariant();
        await db.SaveChangesAsync(ct);
        return new StatusDto(status.Id, status.Code, status.Descripcion, status.Color, status.EsFinal, status.Orden);
    }

    [GeneratedRegex(StatusModels.ColorPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ColorRegex();
}
