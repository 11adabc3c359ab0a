using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// Builds the one <see cref="MimeMessage"/> both deliveries send: Message-ID, Date, From/To and a
/// multipart/alternative of the plain text and an HTML rendering of the same template text.
/// MimeKit encodes the Vietnamese subject and sender name as RFC 2047 UTF-8 words.
/// </summary>
public static partial class EmailComposer
{
    public static MimeMessage Compose(EmailMessage email, EmailOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(options);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        message.Date = now;
        var domain = options.From[(options.From.LastIndexOf('@') + 1)..];
        // The notification id, when there is one: a resend after a crash carries the same
        // Message-ID, so receiving systems can recognise the duplicate.
        message.MessageId = email.Id is { } id ? $"{id:N}@{domain}" : MimeUtils.GenerateMessageId(domain);
        message.Headers.Add(HeaderId.ContentLanguage, email.Language);
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies to a no-reply sender

        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = ToHtml(email.Subject, email.TextBody, email.Language) };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Paragraphs at blank lines, line breaks kept, everything escaped, links clickable.</summary>
    public static string ToHtml(string subject, string text, string language)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"").Append(language == "en" ? "en" : "vi").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Escape(subject))
            .Append("</title></head>\n<body style=\"font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a\">\n");
        foreach (var paragraph in ParagraphBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()))
        {
            var lines = paragraph.Split('\n').Select(l => Linkify(Escape(l.Trim())));
            html.Append("<p>").AppendJoin("<br>\n", lines).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Only the five markup characters: WebUtility.HtmlEncode would turn Latin-1 letters (ì, ó, ...) into entities.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Linkify(string encoded) => Url().Replace(encoded, m => $"<a href=\"{m.Value}\">{m.Value}</a>");

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    // On HTML-encoded text: a URL ends at whitespace or at an encoded quote/bracket.
    [GeneratedRegex(@"https?://[^\s<>]+?(?=&quot;|&#39;|&lt;|&gt;|[.,;:)]?(\s|$))")]
    private static partial Regex Url();
}
