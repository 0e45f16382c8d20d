using CommunityPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>
/// Identity's sign-in manager plus the portal's rules, for the login page and the API alike:
/// <list type="bullet">
/// <item>a resident whose profiles are all deactivated cannot sign in, so deactivating closes the door without
/// deleting their tickets (administrators are not tied to a profile; an administrator's lock uses Identity's lockout);</item>
/// <item>failures lock an account out per client address (<see cref="SignInLockout"/>), never for everyone;</item>
/// <item>an unknown e-mail costs one password hash check and counts as a failure, like a known one, and a locked or
/// deactivated account says so only to someone who gave its password: the answers never tell whether an account exists.</item>
/// </list>
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IDbContextFactory<AppDbContext> dbFactory,
    SignInLockout lockout)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private string? ClientAddress => Context.Connection.RemoteIpAddress?.ToString();

    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        if (!await base.CanSignInAsync(user))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        return await AccountRules.MaySignInAsync(db, user.Id, CancellationToken.None);
    }

    /// <summary>
    /// The password check behind both the login page and <c>POST /api/auth/login</c>; <paramref name="user"/> is the account
    /// when the answer is a success (the caller then signs it in its own way).
    /// </summary>
    public async Task<(SignInResult Result, ApplicationUser? User)> CheckCredentialsAsync(string userName, string password)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return (await CheckPasswordSignInAsync(user, password, lockoutOnFailure: true), user);
        }

        if (lockout.LockedFor(ClientAddress, userName) is not null)
        {
            return (SignInResult.LockedOut, null);
        }

        // As long as checking a real password takes, so the time does not tell either.
        UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), lockout.DummyHash(UserManager.PasswordHasher), password);
        return (lockout.RecordFailure(ClientAddress, userName) ? SignInResult.LockedOut : SignInResult.Failed, null);
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var (result, user) = await CheckCredentialsAsync(userName, password);
        // Straight to the cookie (or the second factor): the password was checked once, and hashing it costs.
        return result.Succeeded ? await SignInOrTwoFactorAsync(user!, isPersistent) : result;
    }

    /// <summary>
    /// Identity's check with the lockout counted per address instead of per account (<paramref name="lockoutOnFailure"/>
    /// means that lockout). Identity's own per-account lockout still applies to an administrator's lock.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var account = user.UserName ?? user.Id;
        if (lockout.LockedFor(ClientAddress, account) is not null)
        {
            return SignInResult.LockedOut;
        }

        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        // Identity refuses a locked or deactivated account before it looks at the password; only someone who gave the
        // right one may learn that the account exists and is closed.
        if (result.Succeeded || (result.IsLockedOut || result.IsNotAllowed) && await UserManager.CheckPasswordAsync(user, password))
        {
            lockout.Reset(ClientAddress, account);
            return result;
        }

        return lockoutOnFailure && lockout.RecordFailure(ClientAddress, account) ? SignInResult.LockedOut : SignInResult.Failed;
    }
}

/// <summary>The one place that says whether an account may be used to sign in.</summary>
public static class AccountRules
{
    /// <summary>
    /// False only for a non-administrator whose resident profiles are all inactive. An account without any profile
    /// yet (just created) may sign in; it simply sees no tickets.
    /// </summary>
    public static async Task<bool> MaySignInAsync(AppDbContext db, string userId, CancellationToken cancellationToken)
    {
        var admins = db.Users.InRole(db, Roles.SystemAdmin, Roles.AdminCompany).Select(u => u.Id);
        var blocked = await db.Users.AnyAsync(u => u.Id == userId
            && !admins.Contains(userId)
            && db.Residents.Any(r => r.UserId == userId)
            && !db.Residents.Any(r => r.UserId == userId && r.IsActive), cancellationToken);
        return !blocked;
    }
}
