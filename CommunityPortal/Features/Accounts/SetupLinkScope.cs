using CommunityPortal.Auth;
using CommunityPortal.Data;

namespace CommunityPortal.Features.Accounts;

/// <summary>
/// Whose set-password link an administrator may be shown — the one copy of the rule. Whoever holds a link chooses the
/// account's password and owns everything the account reaches, so a link is shown only to an administrator who manages
/// every community the account has a resident profile in, active or not (ADMIN_COMPANY: their company's; SYSTEM_ADMIN:
/// all). An administrator's account is never linked from the residents' pages; company administrators get theirs from
/// SYSTEM_ADMIN on the users page; a system administrator's account never gets one.
/// <see cref="AccountService.CreateSetupLinkAsync"/> checks it for every link it issues; the residents' queries use it to
/// decide what to offer, so the pages never show an action the service would refuse.
/// </summary>
public static class SetupLinkScope
{
    /// <param name="companyAdmins">True only for the users page: SYSTEM_ADMIN may then also link company administrators.</param>
    public static IQueryable<ApplicationUser> LinkableBy(this IQueryable<ApplicationUser> users, AppDbContext db, CurrentUser caller, bool companyAdmins = false)
    {
        if (!caller.IsAdmin)
        {
            return users.Where(_ => false);
        }

        string[] excluded = caller.IsSystemAdmin && companyAdmins ? [Roles.SystemAdmin] : [Roles.SystemAdmin, Roles.AdminCompany];
        var excludedIds = db.Users.InRole(db, excluded).Select(u => u.Id);
        users = users.Where(u => !excludedIds.Contains(u.Id));
        if (caller.IsSystemAdmin)
        {
            return users;
        }

        var managed = db.Communities.ManagedBy(caller).Select(c => c.Id);
        return users.Where(u => !db.Residents.Any(r => r.UserId == u.Id && !managed.Contains(r.CommunityId)));
    }
}
