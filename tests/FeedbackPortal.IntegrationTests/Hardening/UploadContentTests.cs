using System.IO.Compression;
using System.Net;
using System.Text;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.IntegrationTests.Attachments;
using FeedbackPortal.IntegrationTests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Uploads are judged by their bytes: the kind must be on the list AND match the name's extension.</summary>
public sealed class UploadContentTests(AttachmentHost host) : IClassFixture<AttachmentHost>
{
    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8.ToArray(), 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    public static byte[] Xlsx() => Zip(new Dictionary<string, string>
    {
        ["[Content_Types].xml"] = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>""",
        ["xl/workbook.xml"] = "<workbook/>",
    });

    public static byte[] Svg() => Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>""");

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><body><script>fetch('/staff/inbox')</script></body></html>\n");

    public static byte[] TextWithScript() => Encoding.UTF8.GetBytes("Ghi chú của người dân\n<script>alert(document.cookie)</script>\n");

    public static byte[] Zip(Dictionary<string, string> entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return memory.ToArray();
    }

    public static TheoryData<string, string> Accepted => new()
    {
        { "anh.jpg", nameof(Jpeg) },
        { "ANH.JPEG", nameof(Jpeg) },
        { "bang-tinh.xlsx", nameof(Xlsx) },
        { "van-ban.odt", "Odt" },
        { "de-xuat.docx", "Docx" },
        { "ghi-chu.txt", "Text" },
    };

    public static TheoryData<string, string, string> Refused => new()
    {
        { "anh.pdf", nameof(Jpeg), "không khớp với phần mở rộng" },
        { "bao-cao.docx", "Pdf", "không khớp với phần mở rộng" },
        { "bang-tinh.docx", nameof(Xlsx), "không khớp với phần mở rộng" },
        { "van-ban.docx", "Odt", "không khớp với phần mở rộng" },
        { "ghi-chu.pdf", "Text", "không khớp với phần mở rộng" },
        { "anh.png", nameof(Svg), "không thuộc loại được chấp nhận" },
        { "hinh.svg", nameof(Svg), "không thuộc loại được chấp nhận" },
        { "ghi-chu.txt", nameof(Svg), "không thuộc loại được chấp nhận" },
        { "trang.html", nameof(Html), "không thuộc loại được chấp nhận" },
        { "trang.txt", nameof(Html), "không thuộc loại được chấp nhận" },
        { "ghi-chu.txt", nameof(TextWithScript), "không thuộc loại được chấp nhận" },
        { "tai-lieu", "Pdf", "không khớp với phần mở rộng" },
    };

    private static byte[] Sample(string kind) => kind switch
    {
        nameof(Jpeg) => Jpeg(),
        nameof(Xlsx) => Xlsx(),
        nameof(Svg) => Svg(),
        nameof(Html) => Html(),
        nameof(TextWithScript) => TextWithScript(),
        "Odt" => SampleFiles.Odt(),
        "Docx" => SampleFiles.Docx(),
        "Pdf" => SampleFiles.Pdf(),
        "Text" => SampleFiles.Text(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Files_whose_bytes_match_their_name_are_accepted(string name, string kind)
    {
        using var client = host.NoRedirectClient();
        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), [(name, Sample(kind))]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Files_whose_bytes_do_not_match_or_are_markup_are_refused(string name, string kind, string message)
    {
        using var client = host.CreateClient();
        var before = await IntakeForms.CountsAsync(host);
        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), [(name, Sample(kind))], "vi");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.Services.GetRequiredService<AttachmentStore>().Root, ".staging")));
    }

    [Fact]
    public void Every_accepted_kind_names_its_extensions()
    {
        foreach (var type in new[] { "application/pdf", "image/jpeg", "image/png", "application/vnd.oasis.opendocument.text",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
        {
            Assert.NotEmpty(FileSignatures.Extensions[type]);
        }

        Assert.False(FileSignatures.Extensions.ContainsKey("image/svg+xml"));
        Assert.False(FileSignatures.Extensions.ContainsKey("text/html"));
    }
}
