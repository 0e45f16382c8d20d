using System.Globalization;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Preferences;
using CommunityPortal.Resources;
using CommunityPortal.Shared;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Accounts;

/// <summary>
/// The e-mails about an account (invitation, password reset, password changed, address confirmation, the
/// administrators' test e-mail), rendered in the recipient's language and ready for <see cref="EmailOutbox.Queue"/>.
/// Every link is absolute on <see cref="PublicLinks"/>.
/// </summary>
public sealed class AccountEmails(PortalName portalName, PublicLinks publicLinks, TimeProvider clock, IStringLocalizer<MailResource> l)
{
    /// <summary>
    /// The one choice of an account e-mail's language: the recipient's stored preference (Mi cuenta, the preferences API)
    /// when they chose one, else the language of the request that causes the e-mail (the person resetting or changing
    /// their password, or the administrator inviting), Spanish otherwise. Reset e-mails answer anonymous requests and
    /// look nothing up (an extra query for existing accounts only would tell them apart): the person asking reads the page
    /// in the language they want.
    /// </summary>
    public static CultureInfo LanguageFor(string? storedLanguage)
    {
        var language = storedLanguage ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return CultureInfo.GetCultureInfo(PortalLocalization.SupportedCultures.Contains(language) ? language : PortalLocalization.DefaultCulture);
    }

    /// <summary><see cref="LanguageFor"/> with <paramref name="recipient"/>'s stored preference read on <paramref name="db"/>.</summary>
    public static async Task<CultureInfo> LanguageForAsync(AppDbContext db, ApplicationUser recipient, CancellationToken cancellationToken) =>
        LanguageFor(await NotificationPreferenceService.StoredLanguageAsync(db, recipient.Id, cancellationToken));

    public OutgoingEmail Invitation(ApplicationUser user, string relativeLink, CultureInfo culture) =>
        Render(EmailKinds.Invitation, user, user.Email!, name => new EmailContent(
            l["Invitation.Heading", user.DisplayName],
            [l["Invitation.Body", name], l["Invitation.Action", (int)PortalIdentityOptions.SetupLinkLifetime.TotalDays]])
        {
            Button = new EmailButton(l["Invitation.Button"], publicLinks.Absolute(relativeLink)),
            Footer = [l["Invitation.Footer"], l["Footer.Automatic", name]],
        }, name => l["Invitation.Subject", name], culture);

    public OutgoingEmail PasswordReset(ApplicationUser user, string email, string absoluteLink) =>
        Render(EmailKinds.PasswordReset, user, email, name => new EmailContent(
            l["Reset.Heading"], [l["Reset.Body", email], l["Reset.Action"]])
        {
            Button = new EmailButton(l["Reset.Button"], absoluteLink),
            Footer = [l["Reset.Footer"], l["Footer.Automatic", name]],
        }, name => l["Reset.Subject", name]);

    public OutgoingEmail PasswordResetCode(ApplicationUser user, string email, string code) =>
        Render(EmailKinds.PasswordReset, user, email, name => new EmailContent(
            l["Reset.Heading"], [l["ResetCode.Body", email], code])
        {
            Footer = [l["Reset.Footer"], l["Footer.Automatic", name]],
        }, name => l["Reset.Subject", name]);

    public OutgoingEmail PasswordChanged(ApplicationUser user, CultureInfo culture) =>
        Render(EmailKinds.PasswordChanged, user, user.Email!, name => new EmailContent(
            l["Changed.Heading"],
            [l["Changed.Body", user.Email!, clock.GetUtcNow().UtcDateTime.ToString("g", CultureInfo.CurrentCulture)], l["Changed.Warning"]])
        {
            Button = new EmailButton(l["Changed.Button"], publicLinks.Absolute("Account/ForgotPassword")),
            Footer = [l["Footer.Automatic", name]],
        }, name => l["Changed.Subject", name], culture);

    public OutgoingEmail ConfirmAddress(ApplicationUser user, string email, string absoluteLink) =>
        Render(EmailKinds.Invitation, user, email, name => new EmailContent(l["Confirm.Heading"], [l["Confirm.Body", email]])
        {
            Button = new EmailButton(l["Confirm.Button"], absoluteLink),
            Footer = [l["Footer.Automatic", name]],
        }, name => l["Confirm.Subject", name]);

    /// <summary>The administrators' check that mail gets through, in the language of the administrator asking.</summary>
    public OutgoingEmail Test(string to, string requestedBy)
    {
        var culture = CultureInfo.CurrentUICulture;
        return Render(EmailKinds.Test, null, to, name => new EmailContent(
            l["Test.Heading"], [l["Test.Body", name, requestedBy, clock.GetUtcNow().UtcDateTime.ToString("g", CultureInfo.CurrentCulture)]])
        {
            Footer = [l["Footer.Automatic", name]],
        }, name => l["Test.Subject", name], culture);
    }

    private OutgoingEmail Render(
        string kind, ApplicationUser? user, string to, Func<string, EmailContent> content, Func<string, string> subject, CultureInfo? culture = null)
    {
        culture ??= user is null ? CultureInfo.GetCultureInfo(PortalLocalization.DefaultCulture) : LanguageFor(null);
        using var _ = new CultureScope(culture);
        var name = portalName.In(culture);
        var body = EmailLayout.Render(name, content(name));
        return new OutgoingEmail
        {
            Kind = kind,
            UserId = user?.Id,
            ToAddress = to,
            ToName = user?.DisplayName ?? "",
            Subject = Truncate(subject(name), OutgoingEmail.SubjectMaxLength),
            TextBody = body.Text,
            HtmlBody = body.Html,
            MessageId = $"{Guid.NewGuid():N}@{publicLinks.BaseUri.Host}",
        };
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
