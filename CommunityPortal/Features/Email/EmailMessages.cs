using MimeKit;

namespace CommunityPortal.Features.Email;

/// <summary>Turns an outbox row into the MIME message that goes out.</summary>
public static class EmailMessages
{
    /// <summary>
    /// From (the portal's name and <paramref name="fromAddress"/>), To, Subject, the row's Message-Id and threading
    /// headers, a plain-text part with its HTML alternative and, for notification kinds, the one-click unsubscribe
    /// headers of RFC 8058. A recipient address that cannot be parsed is a permanent failure.
    /// </summary>
    public static MimeMessage Build(OutgoingEmail email, string portalName, string fromAddress)
    {
        if (!MailboxAddress.TryParse(email.ToAddress, out var to) || string.IsNullOrEmpty(to.Domain))
        {
            throw new EmailDeliveryException($"Bad recipient address: {email.ToAddress}", permanent: true);
        }

        if (!MailboxAddress.TryParse(fromAddress, out var from))
        {
            throw new EmailDeliveryException($"Email:From is not an address: {fromAddress}", permanent: false);
        }

        to.Name = email.ToName;
        from.Name = portalName;
        var message = new MimeMessage
        {
            Subject = email.Subject,
            MessageId = email.MessageId,
            Date = new DateTimeOffset(DateTime.SpecifyKind(email.CreatedAt, DateTimeKind.Utc)),
        };
        message.From.Add(from);
        message.To.Add(to);
        if (!string.IsNullOrEmpty(email.InReplyTo))
        {
            message.InReplyTo = email.InReplyTo;
        }

        foreach (var reference in (email.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.References.Add(reference.Trim('<', '>'));
        }

        if (!string.IsNullOrEmpty(email.UnsubscribeUrl))
        {
            message.Headers.Add("List-Unsubscribe", $"<{email.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        // Machine-sent (RFC 3834): vacation responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody }.ToMessageBody();
        return message;
    }
}
