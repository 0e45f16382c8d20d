using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Accounts;

/// <summary>An account an administrator is about to create (it has no password until the set-password link is used).</summary>
public sealed record NewAccount(string Email, string DisplayName, string Role, int? CompanyId = null);

/// <summary>Who a set-password link belongs to, shown on the page that uses it.</summary>
public sealed record AccountSetupTarget(string UserId, string Email, string DisplayName);

/// <summary>
/// Account plumbing shared by the residents and users administration: create an account, issue a one-time
/// set-password link (email may not be configured, so an administrator hands the link over), lock, unlock,
/// end sessions. Callers check that the administrator may act on the account, except for links: whoever holds one owns
/// the account, so every link is issued here only under <see cref="SetupLinkScope"/>.
/// Each call resolves Identity's services in its own scope so a long-lived Blazor circuit never reuses a stale
/// user store.
/// </summary>
public sealed class AccountService(
    IServiceScopeFactory scopeFactory, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> localizer,
    SignInLockout signInLockout, PublicLinks publicLinks, EmailOutbox outbox, AccountEmails emails)
{
    /// <summary>The token purpose of set-password links; a link stops working once used or once a newer one is issued.</summary>
    public const string SetupPurpose = "AccountSetup";

    public const string SetupPath = "Account/SetupPassword";

    public const string ResetPath = "Account/ResetPassword";

    public async Task<ServiceResult<string>> CreateAsync(NewAccount account, CancellationToken cancellationToken)
    {
        var email = account.Email.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256)
        {
            return ServiceResult.Invalid("email", localizer["Accounts.EmailInvalid"]);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return ServiceResult.Conflict("email", localizer["Accounts.EmailTaken", email]);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            // Administrators vouch for the address; there is no confirmation mail to wait for.
            EmailConfirmed = true,
            DisplayName = account.DisplayName.Trim(),
            CompanyId = account.CompanyId,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return ServiceResult.Invalid("email", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, account.Role);
        return user.Id;
    }

    /// <summary>
    /// A relative link (<c>Account/SetupPassword?…</c>) that lets the account's owner choose a password once.
    /// Issuing it renews the security stamp, which voids every earlier link and signs the account out elsewhere, so an
    /// account outside the caller's <see cref="SetupLinkScope"/> is refused (Forbidden) before anything changes.
    /// </summary>
    /// <param name="companyAdmins">The users page: SYSTEM_ADMIN may link a company administrator's account.</param>
    /// <param name="invite">
    /// Also e-mail the link to the account (the invitation of a new account): the new security stamp and the e-mail are
    /// written in one save, so there is never an e-mail with a dead link nor a new link without its e-mail.
    /// </param>
    public async Task<ServiceResult<string>> CreateSetupLinkAsync(
        CurrentUser caller, string userId, bool companyAdmins, CancellationToken cancellationToken, bool invite = false)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Users.Where(u => u.Id == userId).LinkableBy(db, caller, companyAdmins).AnyAsync(cancellationToken))
            {
                return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken)
                    ? new Failure(ServiceError.Forbidden, new Dictionary<string, string[]> { ["account"] = [localizer["Accounts.NotYoursToLink"]] })
                    : ServiceResult.NotFound;
            }
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ServiceResult.NotFound;
        }

        if (!invite || user.Email is null)
        {
            await users.UpdateSecurityStampAsync(user);
            return await SetupLinkAsync(users, user);
        }

        // The user store saves through the scope's context: the stamp is set, the link made on it and the invitation
        // added there, and one update writes both.
        var stamps = (IUserSecurityStampStore<ApplicationUser>)scope.ServiceProvider.GetRequiredService<IUserStore<ApplicationUser>>();
        await stamps.SetSecurityStampAsync(user, Convert.ToHexString(RandomNumberGenerator.GetBytes(20)), cancellationToken);
        var link = await SetupLinkAsync(users, user);
        var scopeDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var invitation = outbox.Queue(scopeDb, emails.Invitation(user, link, await AccountEmails.LanguageForAsync(scopeDb, user, cancellationToken)));
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            scopeDb.Entry(invitation).State = EntityState.Detached;
            return ServiceResult.Invalid("account", string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        return link;
    }

    private static async Task<string> SetupLinkAsync(UserManager<ApplicationUser> users, ApplicationUser user)
    {
        var token = await users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, SetupPurpose);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return QueryHelpers.AddQueryString(SetupPath, new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code });
    }

    /// <summary>The account a link belongs to, or null when the link is unknown, used, superseded or expired.</summary>
    public async Task<AccountSetupTarget?> FindSetupTargetAsync(string? userId, string? code)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await VerifyAsync(users, userId, code);
        return user is null ? null : new AccountSetupTarget(user.Id, user.Email ?? "", user.DisplayName);
    }

    /// <summary>Sets the password through a link; the link is spent afterwards (the password change renews the stamp).</summary>
    public async Task<ServiceResult> SetPasswordWithLinkAsync(string? userId, string? code, string password)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await VerifyAsync(users, userId, code) is not { } user)
        {
            return ServiceResult.NotFound;
        }

        // Both paths validate the password before they change anything, so a weak one loses nothing. Replacing a
        // password tells the owner, as any password change does; choosing the first one does not need to.
        var result = await users.HasPasswordAsync(user)
            ? await scope.ServiceProvider.GetRequiredService<PasswordChangeNotice>()
                .ChangeAsync(user, async () => await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password))
            : await users.AddPasswordAsync(user, password);
        if (!result.Succeeded)
        {
            return Failure.Invalid(new Dictionary<string, string[]>
            {
                ["password"] = result.Errors.Select(e => e.Description).ToArray(),
            });
        }

        await users.ResetAccessFailedCountAsync(user);
        return ServiceResult.Ok;
    }

    /// <summary>
    /// "Forgot my password": an account that may sign in gets an e-mail with a one-time reset link (valid
    /// <see cref="PortalIdentityOptions.ResetLinkLifetime"/>, built on <see cref="PublicLinks"/>); any other address
    /// gets nothing. The caller answers alike either way, so nobody learns whether an account exists.
    /// </summary>
    public async Task RequestPasswordResetAsync(string email, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user?.Email is null || IsLockedByAdministrator(user)
            || !await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CanSignInAsync(user))
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = publicLinks.Absolute(QueryHelpers.AddQueryString(ResetPath, "code", code));
        await scope.ServiceProvider.GetRequiredService<IEmailSender<ApplicationUser>>()
            .SendPasswordResetLinkAsync(user, user.Email, HtmlEncoder.Default.Encode(link));
    }

    /// <summary>
    /// Sets a new password with the code of a reset link. The link is spent afterwards (the new password renews the
    /// security stamp, which also ends the account's sessions and tokens). Errors are keyed <c>token</c> (unknown,
    /// expired or spent link, or an e-mail it was not made for) and <c>newPassword</c>.
    /// </summary>
    public async Task<ServiceResult> ResetPasswordAsync(string? email, string? code, string? newPassword)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var invalidToken = scope.ServiceProvider.GetRequiredService<IdentityErrorDescriber>().InvalidToken().Description;
        if (string.IsNullOrEmpty(newPassword))
        {
            return ServiceResult.Invalid("newPassword", localizer["Accounts.PasswordRequired"]);
        }

        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null || Decode(code) is not { } token)
        {
            return ServiceResult.Invalid("token", invalidToken);
        }

        var result = await scope.ServiceProvider.GetRequiredService<PasswordChangeNotice>()
            .ChangeAsync(user, () => users.ResetPasswordAsync(user, token, newPassword));
        if (!result.Succeeded)
        {
            var tokenError = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            return Failure.Invalid(new Dictionary<string, string[]>
            {
                [tokenError ? "token" : "newPassword"] = result.Errors.Select(e => e.Description).ToArray(),
            });
        }

        await users.ResetAccessFailedCountAsync(user);
        // Whoever reads the account's mailbox is its owner: lift the lockouts failed guesses put on single addresses.
        signInLockout.ResetAccount(user.UserName ?? user.Id);
        return ServiceResult.Ok;
    }

    /// <summary>Locks the account until an administrator unlocks it, and ends its open sessions.</summary>
    public Task<ServiceResult> LockAsync(string userId, CancellationToken cancellationToken) =>
        SetLockoutAsync(userId, DateTimeOffset.MaxValue);

    public Task<ServiceResult> UnlockAsync(string userId, CancellationToken cancellationToken) =>
        SetLockoutAsync(userId, null);

    /// <summary>Signs the account out of every browser and app at their next check (see <see cref="PortalIdentityOptions.SessionCheckInterval"/>).</summary>
    public async Task<ServiceResult> EndSessionsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ServiceResult.NotFound;
        }

        await users.UpdateSecurityStampAsync(user);
        return ServiceResult.Ok;
    }

    /// <summary>True when an administrator locked the account (as opposed to a few minutes' lockout after failed attempts).</summary>
    public static bool IsLockedByAdministrator(ApplicationUser user) =>
        user.LockoutEnd is { } end && end.Year >= DateTimeOffset.MaxValue.Year;

    private async Task<ServiceResult> SetLockoutAsync(string userId, DateTimeOffset? until)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return ServiceResult.NotFound;
        }

        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, until);
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        if (until is null)
        {
            // Unlocking also lifts the lockouts that failed sign-ins put on single addresses.
            signInLockout.ResetAccount(user.UserName ?? user.Id);
        }

        return ServiceResult.Ok;
    }

    private static async Task<ApplicationUser?> VerifyAsync(UserManager<ApplicationUser> users, string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code) || await users.FindByIdAsync(userId) is not { } user)
        {
            return null;
        }

        return Decode(code) is { } token && await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, SetupPurpose, token) ? user : null;
    }

    /// <summary>A link's <c>code</c> back to Identity's token; null when it is not one.</summary>
    private static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
