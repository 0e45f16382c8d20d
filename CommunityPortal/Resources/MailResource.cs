namespace CommunityPortal.Resources;

/// <summary>Marker for the account e-mails' and the e-mail administration's strings: MailResource.resx (Spanish) and MailResource.en.resx.</summary>
public sealed class MailResource;
