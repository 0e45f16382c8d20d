namespace CommunityPortal.Tests.Infrastructure;

/// <summary>The browser journeys' fixture with an app that delivers its e-mail to <see cref="Smtp"/>.</summary>
public sealed class MailBrowserFixture : BrowserFixture
{
    public MailBrowserFixture()
        : base(new SmtpAppFactory())
    {
    }

    public LoopbackSmtpServer Smtp => ((SmtpAppFactory)App).Smtp;
}
