using System.Linq.Expressions;
using CommunityPortal.Data;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Auth;

/// <summary>
/// Who may see and manage what — the one copy of each scope rule (tickets, communities, residents, administrator
/// accounts), used by every service query, from the API and from the Blazor pages alike.
/// </summary>
public static class AccessScope
{
    /// <summary>
    /// Tickets the user may see: SYSTEM_ADMIN all; ADMIN_COMPANY those of their company's communities;
    /// a resident their own. Soft-deleted tickets are never visible.
    /// </summary>
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, CurrentUser user)
    {
        tickets = tickets.Where(t => !t.IsDeleted);
        if (user.IsSystemAdmin)
        {
            return tickets;
        }

        var userId = user.UserId;
        if (user.IsCompanyAdmin)
        {
            var companyId = user.CompanyId;
            return tickets.Where(t => t.Community.CompanyId == companyId || t.Resident.UserId == userId);
        }

        return tickets.Where(t => t.Resident.UserId == userId);
    }

    /// <summary>
    /// <see cref="VisibleTo"/> as one expression whose caller values are parameters, for compiled queries, which
    /// are built once for every caller: (ticket, sees everything, company administered or null, user id).
    /// VisibleTo spells the rule out per role so list queries get simpler SQL; AccessScopeTests checks both agree.
    /// </summary>
    public static readonly Expression<Func<Ticket, bool, int?, string, bool>> IsVisible =
        (t, everything, companyId, userId) =>
            !t.IsDeleted && (everything || t.Community.CompanyId == companyId || t.Resident.UserId == userId);

    /// <summary>The caller's values for <see cref="IsVisible"/>.</summary>
    public static (bool Everything, int? CompanyId, string UserId) VisibilityOf(CurrentUser user) =>
        (user.IsSystemAdmin, user.IsCompanyAdmin ? user.CompanyId : null, user.UserId);

    /// <summary>
    /// Tickets the user administers: SYSTEM_ADMIN all; ADMIN_COMPANY those of their company's communities
    /// (not their own reports elsewhere); none for residents. Soft-deleted tickets never.
    /// </summary>
    /// <param name="communities">The context's communities: the scope is <c>CommunityId IN (…)</c>, tested on each
    /// index entry, so a count over many tickets needs no join per row.</param>
    public static IQueryable<Ticket> ManagedBy(this IQueryable<Ticket> tickets, CurrentUser user, IQueryable<Community> communities)
    {
        tickets = tickets.Where(t => !t.IsDeleted);
        if (user.IsSystemAdmin)
        {
            return tickets;
        }

        // "+ 0" is SQLite's way to keep a term from choosing the index: searched by community, SQLite (without
        // statistics) sorts every ticket in scope to show one page; walking the date or status index newest first
        // and testing the community on the way stops after the page.
        var managed = communities.ManagedBy(user).Select(c => c.Id);
        return tickets.Where(t => managed.Contains(t.CommunityId + 0));
    }

    /// <summary>Communities an administrator manages (none for residents).</summary>
    public static IQueryable<Community> ManagedBy(this IQueryable<Community> communities, CurrentUser user)
    {
        if (user.IsSystemAdmin)
        {
            return communities;
        }

        var companyId = user.CompanyId;
        return user.IsCompanyAdmin ? communities.Where(c => c.CompanyId == companyId) : communities.Where(_ => false);
    }

    /// <summary>
    /// <see cref="ManagedBy(IQueryable{Community}, CurrentUser)"/> as one expression with the caller's values
    /// (<see cref="VisibilityOf"/>) as parameters, for compiled queries: (community, sees everything, company
    /// administered or null). AccessScopeTests checks both agree.
    /// </summary>
    public static readonly Expression<Func<Community, bool, int?, bool>> IsManaged =
        (c, everything, companyId) => everything || c.CompanyId == companyId;

    /// <summary>True when the community exists and is in the administrator's scope (never for residents).</summary>
    public static Task<bool> ManagesAsync(this IQueryable<Community> communities, CurrentUser user, int communityId, CancellationToken ct) =>
        communities.ManagedBy(user).AnyAsync(c => c.Id == communityId, ct);

    /// <summary>Residents an administrator manages (none for residents).</summary>
    public static IQueryable<Resident> ManagedBy(this IQueryable<Resident> residents, CurrentUser user)
    {
        if (user.IsSystemAdmin)
        {
            return residents;
        }

        var companyId = user.CompanyId;
        return user.IsCompanyAdmin ? residents.Where(r => r.Community.CompanyId == companyId) : residents.Where(_ => false);
    }

    /// <summary>True when the user administers the community (not merely lives in it).</summary>
    public static bool Manages(this CurrentUser user, int communityCompanyId) =>
        user.IsSystemAdmin || (user.IsCompanyAdmin && user.CompanyId == communityCompanyId);

    /// <summary>The accounts holding any of the roles (stored roles, not the caller's claims).</summary>
    public static IQueryable<ApplicationUser> InRole(this IQueryable<ApplicationUser> users, AppDbContext db, params string[] roles) =>
        users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
}
