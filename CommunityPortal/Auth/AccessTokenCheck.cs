using System.Collections.Concurrent;
using System.Security.Claims;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>
/// Identity's bearer scheme trusts a token until it expires. This re-checks each access token against the account's
/// security stamp and its sign-in (refresh-token family) at most once per <see cref="PortalIdentityOptions.SessionCheckInterval"/>,
/// with one indexed query, so a locked, deactivated, moved or re-passworded account, or a logged-out sign-in, loses its
/// access tokens within a minute. The cache is per node; a revocation on this node takes effect here at once.
/// </summary>
public sealed class AccessTokenCheck(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, IOptions<IdentityOptions> identityOptions)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, Entry> results = new(StringComparer.Ordinal);

    /// <summary>The bearer handler's first step: a token that is no longer current fails before the handler trusts it.</summary>
    public async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = header["Bearer ".Length..].Trim();
        // An unreadable or expired token is left to the handler, which refuses it.
        if (context.Options.BearerTokenProtector.Unprotect(token) is not { } ticket)
        {
            return;
        }

        if (!await IsCurrentAsync(ticket.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The access token was revoked.");
        }
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var claimTypes = identityOptions.Value.ClaimsIdentity;
        var userId = principal.FindFirstValue(claimTypes.UserIdClaimType);
        var stamp = principal.FindFirstValue(claimTypes.SecurityStampClaimType);
        var family = principal.FindFirstValue(TokenService.SessionClaim);
        if (userId is null || stamp is null || family is null)
        {
            return false;
        }

        var key = string.Join('\n', userId, family, stamp);
        var now = time.GetUtcNow();
        if (results.TryGetValue(key, out var known) && now - known.CheckedAt < PortalIdentityOptions.SessionCheckInterval)
        {
            return known.Current;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Users.AnyAsync(u => u.Id == userId && u.SecurityStamp == stamp
            && db.RefreshTokens.Any(t => t.FamilyId == family && t.UserId == userId && t.RevokedAt == null), cancellationToken);
        if (results.Count > PruneAbove)
        {
            Prune(now);
        }

        results[key] = new Entry(family, now, current);
        return current;
    }

    /// <summary>Drops what is known about a sign-in, so its revocation counts on this node from the next request.</summary>
    public void Forget(string family)
    {
        foreach (var (key, entry) in results)
        {
            if (entry.Family == family)
            {
                results.TryRemove(key, out _);
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in results)
        {
            if (now - entry.CheckedAt >= PortalIdentityOptions.SessionCheckInterval)
            {
                results.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(string Family, DateTimeOffset CheckedAt, bool Current);
}
