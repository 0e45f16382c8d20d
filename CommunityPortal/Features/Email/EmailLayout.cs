using System.Net;
using System.Text;
using CommunityPortal.Shared;

namespace CommunityPortal.Features.Email;

/// <summary>A colored label in an e-mail, such as a ticket's status.</summary>
public sealed record EmailLabel(string Text, string Color);

/// <summary>The call to action: one button in HTML, a plain link in text.</summary>
public sealed record EmailButton(string Text, string Url);

/// <summary>
/// What one e-mail says, before layout. <see cref="Paragraphs"/> are plain text (line breaks kept); a
/// <see cref="Quote"/> is someone's words (a comment, the administration's note) set apart.
/// </summary>
public sealed record EmailContent(string Heading, IReadOnlyList<string> Paragraphs)
{
    public EmailLabel? Label { get; init; }

    public string? Quote { get; init; }

    public EmailButton? Button { get; init; }

    /// <summary>Small print at the bottom: why the recipient gets this, how to stop it.</summary>
    public IReadOnlyList<string> Footer { get; init; } = [];
}

public sealed record EmailBody(string Text, string Html);

/// <summary>
/// Lays out every e-mail the portal sends the same way: a plain-text part and a simple HTML alternative (one column,
/// readable on a phone, inline styles only, since mail apps drop style sheets). Everything given is text and is encoded.
/// </summary>
public static class EmailLayout
{
    public static EmailBody Render(string portalName, EmailContent content) =>
        new(RenderText(portalName, content), RenderHtml(portalName, content));

    private static string RenderText(string portalName, EmailContent c)
    {
        var text = new StringBuilder();
        text.Append(c.Heading).Append("\n\n");
        if (c.Label is not null)
        {
            text.Append("[ ").Append(c.Label.Text).Append(" ]\n\n");
        }

        foreach (var paragraph in c.Paragraphs)
        {
            text.Append(paragraph.ReplaceLineEndings("\n")).Append("\n\n");
        }

        if (!string.IsNullOrWhiteSpace(c.Quote))
        {
            foreach (var line in c.Quote.ReplaceLineEndings("\n").Split('\n'))
            {
                text.Append("> ").Append(line).Append('\n');
            }

            text.Append('\n');
        }

        if (c.Button is not null)
        {
            text.Append(c.Button.Text).Append(":\n").Append(c.Button.Url).Append("\n\n");
        }

        text.Append("-- \n").Append(portalName).Append('\n');
        foreach (var line in c.Footer)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string RenderHtml(string portalName, EmailContent c)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Lines(string s) => E(s.ReplaceLineEndings("\n")).Replace("\n", "<br>");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(c.Heading)).Append("</title></head>")
            .Append("<body style=\"margin:0;padding:0;background:#f4f5f7;\">")
            .Append("<div style=\"max-width:560px;margin:0 auto;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;\">")
            .Append("<div style=\"font-size:14px;font-weight:600;color:#4a5568;padding:4px 0 12px;\">").Append(E(portalName)).Append("</div>")
            .Append("<div style=\"background:#ffffff;border-radius:8px;padding:20px;\">")
            .Append("<h1 style=\"font-size:20px;line-height:1.3;margin:0 0 12px;\">").Append(E(c.Heading)).Append("</h1>");

        if (c.Label is not null)
        {
            html.Append("<p style=\"margin:0 0 12px;\"><span style=\"display:inline-block;padding:2px 10px;border-radius:12px;font-size:14px;font-weight:600;background:")
                .Append(E(c.Label.Color)).Append(";color:").Append(ColorContrast.TextOn(c.Label.Color)).Append(";\">")
                .Append(E(c.Label.Text)).Append("</span></p>");
        }

        foreach (var paragraph in c.Paragraphs)
        {
            html.Append("<p style=\"margin:0 0 12px;\">").Append(Lines(paragraph)).Append("</p>");
        }

        if (!string.IsNullOrWhiteSpace(c.Quote))
        {
            html.Append("<blockquote style=\"margin:0 0 12px;padding:8px 12px;border-left:4px solid #cbd5e0;background:#f7fafc;color:#2d3748;\">")
                .Append(Lines(c.Quote)).Append("</blockquote>");
        }

        if (c.Button is not null)
        {
            html.Append("<p style=\"margin:20px 0 4px;\"><a href=\"").Append(E(c.Button.Url))
                .Append("\" style=\"display:inline-block;padding:12px 20px;border-radius:6px;background:#1e4fa3;color:#ffffff;text-decoration:none;font-weight:600;\">")
                .Append(E(c.Button.Text)).Append("</a></p>");
        }

        html.Append("</div>");
        if (c.Footer.Count > 0)
        {
            html.Append("<div style=\"font-size:13px;color:#4a5568;padding:12px 4px;\">");
            foreach (var line in c.Footer)
            {
                html.Append("<p style=\"margin:0 0 6px;\">").Append(Lines(line)).Append("</p>");
            }

            html.Append("</div>");
        }

        html.Append("</div></body></html>");
        return html.ToString();
    }
}
