using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Accounts;

/// <summary>
/// Runs a password change (self-service change, reset, a new set-password link used on an account that had one) with the
/// "your password has changed" e-mail in the same save: the notice is added to the scope's context, which Identity's
/// user store saves with the new password; a change that fails leaves no notice behind.
/// </summary>
public sealed class PasswordChangeNotice(AppDbContext db, EmailOutbox outbox, AccountEmails emails)
{
    public async Task<IdentityResult> ChangeAsync(ApplicationUser user, Func<Task<IdentityResult>> change)
    {
        var notice = user.Email is null ? null
            : outbox.Queue(db, emails.PasswordChanged(user, await AccountEmails.LanguageForAsync(db, user, CancellationToken.None)));
        var succeeded = false;
        try
        {
            var result = await change();
            succeeded = result.Succeeded;
            return result;
        }
        finally
        {
            if (!succeeded && notice is not null && db.Entry(notice).State == EntityState.Added)
            {
                db.Entry(notice).State = EntityState.Detached;
            }
        }
    }
}
