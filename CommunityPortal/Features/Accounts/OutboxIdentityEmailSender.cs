using System.Net;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Features.Accounts;

/// <summary>Identity's e-mails (reset link, reset code, address confirmation) through the outbox. Identity hands links over HTML-encoded.</summary>
public sealed class OutboxIdentityEmailSender(IDbContextFactory<AppDbContext> dbFactory, EmailOutbox outbox, AccountEmails emails)
    : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        QueueAsync(emails.ConfirmAddress(user, email, WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        QueueAsync(emails.PasswordReset(user, email, WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        QueueAsync(emails.PasswordResetCode(user, email, resetCode));

    private async Task QueueAsync(OutgoingEmail email)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        outbox.Queue(db, email);
        await db.SaveChangesAsync();
    }
}
