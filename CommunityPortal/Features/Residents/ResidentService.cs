using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Shared;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Residents;

public sealed record ResidentProfileDto(int ResidentId, int CommunityId, string CommunityName, string Unit, string FullName);

/// <summary>A resident an administrator can pick (e.g. to report a ticket on their behalf).</summary>
public sealed record ResidentOptionDto(int ResidentId, string FullName, string Unit);

/// <summary>Queries about resident profiles shared by several features.</summary>
public sealed class ResidentService(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The most a search returns: a picker, not a list.</summary>
    public const int MaxSearchResults = 20;

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

    /// <summary>
    /// Active residents of one community the caller administers whose name or unit contains every word of
    /// <paramref name="query"/> (ignoring case and accents), by name. A community outside the caller's scope
    /// gives nothing, as if it had no residents.
    /// </summary>
    public async Task<IReadOnlyList<ResidentOptionDto>> SearchAsync(
        CurrentUser user, int communityId, string? query, CancellationToken cancellationToken, int limit = MaxSearchResults)
    {
        var words = SearchText.Words(query);
        if (!SearchText.WithinLimits(words))
        {
            // The picker has no place for an error: a search over the limits finds no one.
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var residents = db.Residents.AsNoTracking().ManagedBy(user)
            .Where(r => r.CommunityId == communityId && r.IsActive);
        foreach (var word in words)
        {
            residents = residents.Where(r => SearchText.Fold(r.FullName + " " + r.Unit)!.Contains(word));
        }

        return await residents
            .OrderBy(r => SearchText.Fold(r.FullName)).ThenBy(r => r.Unit).ThenBy(r => r.Id)
            .Take(Math.Clamp(limit, 1, MaxSearchResults))
            .Select(r => new ResidentOptionDto(r.Id, r.FullName, r.Unit))
            .ToListAsync(cancellationToken);
    }
}
