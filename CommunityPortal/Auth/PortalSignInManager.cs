using CommunityPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary>
/// Identity's sign-in manager plus the portal's rule: a resident whose profiles are all deactivated cannot sign in,
/// so deactivating a resident closes the door without deleting their tickets.
/// Administrators are not tied to a profile. (An administrator who locks an account uses Identity's lockout.)
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IDbContextFactory<AppDbContext> dbFactory)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        if (!await base.CanSignInAsync(user))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        return await AccountRules.MaySignInAsync(db, user.Id, CancellationToken.None);
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
        var adminRoleIds = db.Roles.Where(r => r.Name == Roles.SystemAdmin || r.Name == Roles.AdminCompany).Select(r => r.Id);
        var blocked = await db.Users.AnyAsync(u => u.Id == userId
            && !db.UserRoles.Any(ur => ur.UserId == userId && adminRoleIds.Contains(ur.RoleId))
            && db.Residents.Any(r => r.UserId == userId)
            && !db.Residents.Any(r => r.UserId == userId && r.IsActive), cancellationToken);
        return !blocked;
    }
}
