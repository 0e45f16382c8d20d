using CommunityPortal.Auth;
using CommunityPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Residents;

public sealed record ResidentProfileDto(int ResidentId, int CommunityId, string CommunityName, string Unit, string FullName);

/// <summary>Queries about resident profiles shared by several features.</summary>
public sealed class ResidentService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The caller's active resident profiles, oldest first (the first is the default one).</summary>
    public async Task<IReadOnlyList<ResidentProfileDto>> GetProfilesAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Residents.AsNoTracking()
            .Where(r => r.UserId == userId && r.IsActive)
            .OrderBy(r => r.Id)
            .Select(r => new ResidentProfileDto(r.Id, r.CommunityId, r.Community.Name, r.Unit, r.FullName))
            .ToListAsync(cancellationToken);
    }
}
