using System.Collections.Concurrent;
using System.Net;
using CommunityPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>Keeps the password-reset e-mails the app sends instead of sending them.</summary>
public sealed class CapturingEmailSender : IEmailSender<ApplicationUser>
{
    public sealed record ResetMail(string Email, string Link);

    public ConcurrentQueue<ResetMail> ResetLinks { get; } = new();

    public IReadOnlyList<ResetMail> To(string email) =>
        ResetLinks.Where(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase)).ToList();

    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) => Task.CompletedTask;

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink)
    {
        // The link arrives HTML-encoded, ready for the message body.
        ResetLinks.Enqueue(new ResetMail(email, WebUtility.HtmlDecode(resetLink)));
        return Task.CompletedTask;
    }

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) => Task.CompletedTask;
}

/// <summary>The app with a <see cref="CapturingEmailSender"/> and a driven clock.</summary>
public sealed class MailFactory : ClockFactory
{
    public CapturingEmailSender Mail { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IEmailSender<ApplicationUser>>();
            services.AddSingleton<IEmailSender<ApplicationUser>>(Mail);
        });
    }
}
