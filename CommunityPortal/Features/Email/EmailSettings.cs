namespace CommunityPortal.Features.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Email:Smtp</c> settings: where the sender hands messages over.</summary>
public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string User { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>How long one SMTP command may take before the attempt counts as a (transient) failure.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The <c>Email</c> settings the transport reads (the notification settings are read by their own feature).</summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    /// <summary>The sender's address (<c>Email:From</c>); the display name is the portal's name.</summary>
    public string From { get; set; } = "";

    /// <summary>When set, messages are written as <c>.eml</c> files here instead of being sent (relative to the content root).</summary>
    public string PickupFolder { get; set; } = "";

    /// <summary>How often the sender looks for due messages when nothing wakes it (a queued message wakes it at once).</summary>
    public int PollSeconds { get; set; } = 30;

    public SmtpSettings Smtp { get; set; } = new();
}
