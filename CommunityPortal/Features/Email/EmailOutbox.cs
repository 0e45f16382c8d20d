using CommunityPortal.Data;

namespace CommunityPortal.Features.Email;

/// <summary>
/// Queues e-mails on the caller's context: the row is written by the caller's own SaveChanges, in the same transaction
/// as the change that causes it. Nothing is sent here; the background sender delivers what is pending.
/// </summary>
public sealed class EmailOutbox(TimeProvider clock)
{
    /// <summary>Adds <paramref name="email"/> to <paramref name="db"/> as pending, due now unless <see cref="OutgoingEmail.SendAfter"/> is later.</summary>
    public OutgoingEmail Queue(AppDbContext db, OutgoingEmail email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        email.Status = OutgoingEmailStatus.Pending;
        email.CreatedAt = now;
        if (email.SendAfter < now)
        {
            email.SendAfter = now;
        }

        db.OutgoingEmails.Add(email);
        return email;
    }
}
