using System.Net;
using System.Net.Http.Headers;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Attachments;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

/// <summary>The agency's answer may carry one public file; the submitter's own files never become public.</summary>
public sealed class AnswerAttachmentTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    [Fact]
    public async Task An_officers_answer_with_a_pdf_is_linked_on_the_public_status_and_downloadable()
    {
        var code = await _public.DeliveredCaseAsync("Trả lời kèm công văn PDF");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        var pdf = SampleFiles.Pdf();

        using var answered = await AnswerAsync(officer, code, "Bộ đã xem xét, xin gửi kèm công văn.", ("cong-van.pdf", pdf));
        await AssertRedirectedToCaseAsync(answered, code);

        var status = await _public.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        var file = Assert.Single(status.GetProperty("answerFiles").EnumerateArray());
        Assert.Equal("cong-van.pdf", file.GetProperty("name").GetString());
        Assert.Equal(pdf.Length, file.GetProperty("size").GetInt64());
        var url = file.GetProperty("url").GetString()!;
        Assert.StartsWith($"/status/{code}/answer-files/", url, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}\"", await _public.GetStringAsync($"/status/{code}"), StringComparison.Ordinal);
        Assert.Contains("data-purpose=\"answer\"", await officer.GetStringAsync($"/staff/cases/{code}"), StringComparison.Ordinal);

        using var download = await host.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_submitters_own_attachment_is_not_found_on_the_public_answer_route()
    {
        using var noRedirect = host.NoRedirectClient();
        using var submitted = await IntakeForms.PostAsync(noRedirect, "feedback", IntakeForms.ValidFeedback(), [("giay-to-rieng.pdf", SampleFiles.Pdf())]);
        var code = IntakeForms.TrackingCodeFrom(submitted);
        await _public.WaitForStatusAsync(code, "delivered");
        var agency = (await _public.StatusAsync(code)).GetProperty("agency").GetProperty("code").GetString()!;
        var own = Assert.Single(await AttachmentsOfAsync(code));
        Assert.Equal(AttachmentPurpose.Submission, own.Purpose);

        var officer = await host.StaffAsync(PortalApi.Officer(agency));
        await AssertRedirectedToCaseAsync(await AnswerAsync(officer, code, "Đã trả lời, không kèm tệp."), code);

        Assert.Empty((await _public.StatusAsync(code)).GetProperty("answerFiles").EnumerateArray());
        using var leaked = await _public.GetAsync($"/status/{code}/answer-files/{own.Id}");
        Assert.Equal(HttpStatusCode.NotFound, leaked.StatusCode);
        using var staffCopy = await officer.GetAsync($"/staff/cases/{code}/attachments/{own.Id}");
        Assert.Equal(HttpStatusCode.OK, staffCopy.StatusCode); // still there for staff
    }

    [Theory]
    [InlineData("vi", "không thuộc loại được chấp nhận")]
    [InlineData("en", "is not an accepted type")]
    public async Task A_renamed_executable_as_answer_file_is_refused_and_the_case_stays_unanswered(string culture, string refused)
    {
        var code = await _public.DeliveredCaseAsync("Trả lời kèm tệp thực thi đổi tên");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));

        using var response = await AnswerAsync(officer, code, "Văn bản trả lời không được lưu.", ("cong-van.pdf", SampleFiles.Elf()), culture);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-error-code=\"answer_file\"", html, StringComparison.Ordinal);
        Assert.Contains(refused, html, StringComparison.Ordinal);
        Assert.Contains("cong-van.pdf", html, StringComparison.Ordinal);
        Assert.Contains("Văn bản trả lời không được lưu.", html, StringComparison.Ordinal); // the text is kept in the form
        Assert.Equal("delivered", await _public.StatusOfAsync(code));
        Assert.Empty(await AttachmentsOfAsync(code));
        var root = host.Services.GetRequiredService<AttachmentStore>().Root;
        var elfHeader = SampleFiles.Elf()[..4];
        Assert.DoesNotContain(Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories) : [],
            f => File.ReadAllBytes(f).AsSpan().StartsWith(elfHeader));
    }

    [Fact]
    public async Task Another_agencys_officer_cannot_answer_with_a_file()
    {
        var code = await _public.DeliveredCaseAsync("Cơ quan khác không được trả lời");
        var stranger = await host.StaffAsync(PortalApi.Officer(Province));

        // The stranger cannot even open the case page, so the token comes from a page of their own.
        var token = await stranger.AntiforgeryTokenAsync("/staff/inbox");
        using var content = AnswerForm(token, "Không phải cơ quan của tôi.", ("cong-van.pdf", SampleFiles.Pdf()));
        using var response = await stranger.PostAsync($"/staff/cases/{code}/answer", content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("delivered", await _public.StatusOfAsync(code));
        Assert.Empty(await AttachmentsOfAsync(code));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.Services.GetRequiredService<AttachmentStore>().Root, ".staging")));
    }

    [Fact]
    public async Task A_file_proposed_with_an_answer_awaiting_approval_is_published_when_the_head_approves()
    {
        var code = await _public.DeliveredCaseAsync("Trả lời chờ phê duyệt kèm tệp", field: "thu-tuc-hanh-chinh", locality: "da-nang");
        var agency = (await _public.StatusAsync(code)).GetProperty("agency").GetProperty("code").GetString()!;
        var admin = await host.StaffAsync("admin@feedback.local");
        using (var on = await admin.PostFormAsync("/staff/admin", $"/staff/admin/agencies/{agency}/approval", [new("required", "true")]))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        var officer = await host.StaffAsync(PortalApi.Officer(agency));
        await AssertRedirectedToCaseAsync(await AnswerAsync(officer, code, "Dự thảo kèm phụ lục.", ("phu-luc.png", SampleFiles.Png())), code);
        var proposed = Assert.Single(await AttachmentsOfAsync(code));
        Assert.Equal(AttachmentPurpose.ProposedAnswer, proposed.Purpose);
        Assert.Empty((await _public.StatusAsync(code)).GetProperty("answerFiles").EnumerateArray());
        using (var early = await _public.GetAsync($"/status/{code}/answer-files/{proposed.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        // A revised proposal with another file replaces the first one, row and bytes.
        await AssertRedirectedToCaseAsync(await AnswerAsync(officer, code, "Dự thảo sửa lại kèm phụ lục.", ("phu-luc-2.pdf", SampleFiles.Pdf())), code);
        var revised = Assert.Single(await AttachmentsOfAsync(code));
        Assert.Equal(("phu-luc-2.pdf", AttachmentPurpose.ProposedAnswer), (revised.FileName, revised.Purpose));
        Assert.False(File.Exists(Path.Combine(host.Services.GetRequiredService<AttachmentStore>().Root, proposed.StoredName)));

        var head = await host.StaffAsync(PortalApi.Head(agency));
        await AssertRedirectedToCaseAsync(await head.ActAsync(code, "approve"), code);

        var status = await _public.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        Assert.Equal("phu-luc-2.pdf", Assert.Single(status.GetProperty("answerFiles").EnumerateArray()).GetProperty("name").GetString());
        using var download = await _public.GetAsync($"/status/{code}/answer-files/{revised.Id}");
        Assert.Equal(SampleFiles.Pdf(), await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_agency_system_answers_with_a_file_as_multipart_and_a_refused_file_changes_nothing()
    {
        var code = await _public.DeliveredCaseAsync("Hệ thống của cơ quan trả lời kèm tệp");

        using (var refused = await AgencyAnswerAsync(Ministry, code, "Không được lưu.", ("ket-qua.pdf", SampleFiles.Elf())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("ket-qua.pdf", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("delivered", await _public.StatusOfAsync(code));
        using (var stranger = await AgencyAnswerAsync(Province, code, "Không phải của tôi.", ("ket-qua.pdf", SampleFiles.Pdf())))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        }

        using (var ok = await AgencyAnswerAsync(Ministry, code, "Đã xử lý, kết quả đính kèm.", ("ket-qua.pdf", SampleFiles.Pdf())))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var status = await _public.StatusAsync(code);
        Assert.Equal("answered", status.GetProperty("status").GetString());
        var url = Assert.Single(status.GetProperty("answerFiles").EnumerateArray()).GetProperty("url").GetString()!;
        Assert.Equal(SampleFiles.Pdf(), await _public.GetByteArrayAsync(url));
    }

    private async Task<HttpResponseMessage> AgencyAnswerAsync(string agency, string code, string text, (string Name, byte[] Bytes) file)
    {
        using var content = new MultipartFormDataContent { { new StringContent(text), "text" }, { new ByteArrayContent(file.Bytes), "file", file.Name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agency/cases/{code}/answer") { Content = content };
        request.Headers.Add("X-Api-Key", PortalApi.AgencyKey(agency));
        return await host.CreateClient().SendAsync(request);
    }

    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient staff, string code, string text, (string Name, byte[] Bytes)? file = null,
        string? culture = null)
    {
        var token = await staff.AntiforgeryTokenAsync($"/staff/cases/{code}");
        using var content = AnswerForm(token, text, file);
        return await staff.PostAsync($"/staff/cases/{code}/answer{(culture is null ? "" : "?culture=" + culture)}", content);
    }

    private static MultipartFormDataContent AnswerForm(string token, string text, (string Name, byte[] Bytes)? file)
    {
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(text), "answer" },
        };
        if (file is { } f)
        {
            var part = new ByteArrayContent(f.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf"); // what the client claims is ignored
            content.Add(part, "file", f.Name);
        }
        else
        {
            // A browser sends an empty file part when nothing was chosen.
            var empty = new ByteArrayContent([]);
            empty.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            empty.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"\"" };
            content.Add(empty);
        }

        return content;
    }

    private Task<List<Attachment>> AttachmentsOfAsync(string code) =>
        host.InScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            return (from a in db.Attachments.AsNoTracking()
                    join s in db.Submissions on a.SubmissionId equals s.Id
                    where s.TrackingCode == code
                    select a).ToListAsync();
        });
}
