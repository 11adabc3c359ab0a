using System.IO.Compression;
using System.Text;

namespace FeedbackPortal.Infrastructure.Attachments;

/// <summary>
/// Decides what a file is from its bytes, never from its name or the client's content type.
/// Anything not on the list (executables, scripts, archives, HTML, SVG...) is refused.
/// </summary>
public static class FileSignatures
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Gif87 = "GIF87a"u8.ToArray();
    private static readonly byte[] Gif89 = "GIF89a"u8.ToArray();
    private static readonly byte[] Riff = "RIFF"u8.ToArray();
    private static readonly byte[] Webp = "WEBP"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The detected content type, or null when the file is not an accepted kind.</summary>
    public static string? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;
        if (read == 0)
        {
            return null;
        }

        if (head.StartsWith(Pdf))
        {
            return "application/pdf";
        }

        if (head.StartsWith(Png))
        {
            return "image/png";
        }

        if (head.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        if (head.StartsWith(Gif87) || head.StartsWith(Gif89))
        {
            return "image/gif";
        }

        if (read >= 12 && head.StartsWith(Riff) && head[8..12].SequenceEqual(Webp))
        {
            return "image/webp";
        }

        if (head.StartsWith(Zip))
        {
            return DetectZip(content);
        }

        if (head.StartsWith(Ole2))
        {
            return DetectOle2(content);
        }

        return IsPlainText(content) && !LooksLikeMarkup(content) ? "text/plain" : null;
    }

    /// <summary>The file name extensions each accepted type may carry; anything else is a mismatch.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Extensions = new Dictionary<string, string[]>
    {
        ["application/pdf"] = [".pdf"],
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg", ".jpe", ".jfif"],
        ["image/gif"] = [".gif"],
        ["image/webp"] = [".webp"],
        ["application/vnd.oasis.opendocument.text"] = [".odt"],
        ["application/vnd.oasis.opendocument.spreadsheet"] = [".ods"],
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = [".docx"],
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = [".xlsx"],
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = [".pptx"],
        ["application/msword"] = [".doc"],
        ["application/vnd.ms-excel"] = [".xls"],
        ["text/plain"] = [".txt"],
    };

    /// <summary>Whether the name's extension is one the detected type may carry ("anh.jpg" for a JPEG, not "anh.pdf").</summary>
    public static bool NameMatches(string contentType, string fileName) =>
        Extensions.TryGetValue(contentType, out var allowed)
        && allowed.Contains(Path.GetExtension(fileName ?? "").ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>
    /// HTML, SVG and XML are text too, but a browser may run their scripts: refused whatever their
    /// name. Looks at the start of the text (after a BOM and white space) and for the tags anywhere.
    /// </summary>
    private static bool LooksLikeMarkup(Stream content)
    {
        var text = Encoding.UTF8.GetString(ReadAll(content)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            return true;
        }

        foreach (var tag in (string[])["<svg", "<html", "<script", "<!doctype", "<?xml", "<iframe", "<body", "<object", "<embed"])
        {
            if (text.Contains(tag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Office Open XML and OpenDocument files are ZIP packages; other ZIPs are refused.</summary>
    private static string? DetectZip(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null && mimetype.Length < 200)
            {
                var type = ReadEntry(mimetype, 200).Trim();
                if (type is "application/vnd.oasis.opendocument.text" or "application/vnd.oasis.opendocument.spreadsheet")
                {
                    return type;
                }
            }

            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 256 * 1024)
            {
                return null;
            }

            var xml = ReadEntry(types, 256 * 1024);
            if (zip.GetEntry("word/document.xml") is not null && xml.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal))
            {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }

            if (zip.GetEntry("xl/workbook.xml") is not null && xml.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal))
            {
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            }

            if (zip.GetEntry("ppt/presentation.xml") is not null && xml.Contains("presentationml.presentation.main+xml", StringComparison.Ordinal))
            {
                return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static string ReadEntry(ZipArchiveEntry entry, int max)
    {
        using var stream = entry.Open();
        var buffer = new byte[max];
        var read = stream.ReadAtLeast(buffer, max, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// Legacy Word/Excel are OLE2 compound files; their directory names the main stream
    /// ("WordDocument", "Workbook"/"Book"). Other compound files (MSI installers...) are refused.
    /// </summary>
    private static string? DetectOle2(Stream content)
    {
        var bytes = ReadAll(content);
        if (Contains(bytes, Encoding.Unicode.GetBytes("WordDocument")))
        {
            return "application/msword";
        }

        return Contains(bytes, Encoding.Unicode.GetBytes("Workbook\0")) || Contains(bytes, Encoding.Unicode.GetBytes("Book\0"))
            ? "application/vnd.ms-excel"
            : null;
    }

    /// <summary>Valid UTF-8 without NUL or other binary control characters.</summary>
    private static bool IsPlainText(Stream content)
    {
        var bytes = ReadAll(content);
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static byte[] ReadAll(Stream content)
    {
        content.Position = 0;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        content.Position = 0;
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
