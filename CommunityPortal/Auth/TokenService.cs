using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>
/// Tokens for API clients: 15-minute access tokens (Identity's bearer format, carrying the sign-in's family id) and
/// 14-day refresh tokens that rotate. A refresh spends the token presented; a spent token presented again means it
/// was copied, so the whole sign-in is revoked (reuse detection).
/// </summary>
public sealed class TokenService(
    IServiceScopeFactory scopes,
    IDbContextFactory<AppDbContext> dbFactory,
    TimeProvider time,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    AccessTokenCheck accessTokenCheck)
{
    public const string SessionClaim = "portal_session";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    /// <summary>Identity's bearer options, kept in line with the tokens issued here.</summary>
    public static void ConfigureBearer(BearerTokenOptions options)
    {
        options.BearerTokenExpiration = AccessTokenLifetime;
        options.RefreshTokenExpiration = RefreshTokenLifetime;
        options.Events.OnMessageReceived = context =>
            context.HttpContext.RequestServices.GetRequiredService<AccessTokenCheck>().OnMessageReceivedAsync(context);
    }

    /// <summary>A new sign-in (a new token family) for a user whose credentials were just checked.</summary>
    public async Task<TokenResponse> SignInAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var family = Guid.NewGuid().ToString("N");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Expired tokens of this account are of no further use; dropping them here keeps the table small.
        await db.RefreshTokens.Where(t => t.UserId == user.Id && t.ExpiresAt < now.UtcDateTime).ExecuteDeleteAsync(cancellationToken);
        var refreshToken = Add(db, user.Id, family, user.SecurityStamp ?? "", now);
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse("Bearer", await AccessTokenAsync(user, family, now), (long)AccessTokenLifetime.TotalSeconds, refreshToken);
    }

    /// <summary>New tokens for a current refresh token; null (and, for a reused one, the sign-in revoked) otherwise.</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = Hash(refreshToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var presented = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (presented is null || presented.RevokedAt is not null || presented.ExpiresAt <= now.UtcDateTime)
        {
            return null;
        }

        // Spent with a condition, so of two concurrent refreshes with one token only one wins; the other is a reuse.
        var spent = presented.SpentAt is null && await db.RefreshTokens.Where(t => t.Id == presented.Id && t.SpentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.SpentAt, now.UtcDateTime), cancellationToken) == 1;
        if (!spent)
        {
            await RevokeFamilyAsync(db, presented.FamilyId, now, cancellationToken);
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var user = await signIn.UserManager.FindByIdAsync(presented.UserId);
        if (user is null || user.SecurityStamp != presented.SecurityStamp
            || await signIn.UserManager.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            await RevokeFamilyAsync(db, presented.FamilyId, now, cancellationToken);
            return null;
        }

        var next = Add(db, user.Id, presented.FamilyId, presented.SecurityStamp, now);
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse("Bearer", await AccessTokenAsync(user, presented.FamilyId, now), (long)AccessTokenLifetime.TotalSeconds, next);
    }

    /// <summary>Ends the caller's sign-in that <paramref name="refreshToken"/> belongs to; someone else's token is left alone.</summary>
    public async Task LogoutAsync(string userId, string refreshToken, CancellationToken cancellationToken)
    {
        var hash = Hash(refreshToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var family = await db.RefreshTokens.Where(t => t.TokenHash == hash && t.UserId == userId)
            .Select(t => t.FamilyId).FirstOrDefaultAsync(cancellationToken);
        if (family is not null)
        {
            await RevokeFamilyAsync(db, family, time.GetUtcNow(), cancellationToken);
        }
    }

    private async Task RevokeFamilyAsync(AppDbContext db, string family, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.RefreshTokens.Where(t => t.FamilyId == family && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now.UtcDateTime), cancellationToken);
        accessTokenCheck.Forget(family);
    }

    private static string Add(AppDbContext db, string userId, string family, string securityStamp, DateTimeOffset now)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            TokenHash = Hash(token),
            UserId = userId,
            FamilyId = family,
            SecurityStamp = securityStamp,
            CreatedAt = now.UtcDateTime,
            ExpiresAt = (now + RefreshTokenLifetime).UtcDateTime,
        });
        return token;
    }

    private async Task<string> AccessTokenAsync(ApplicationUser user, string family, DateTimeOffset now)
    {
        await using var scope = scopes.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionClaim, family));
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + AccessTokenLifetime };
        return bearerOptions.Get(IdentityConstants.BearerScheme).BearerTokenProtector
            .Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
