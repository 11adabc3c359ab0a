using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Attachments;

public sealed class AttachmentHost() : PortalHost(new PortalHostOptions
{
    Settings = { ["Attachments:MaxFiles"] = "3", ["Attachments:MaxFileBytes"] = "100000" },
});

public sealed class AttachmentTests(AttachmentHost host) : IClassFixture<AttachmentHost>
{
    [Fact]
    public async Task Valid_pdf_png_and_docx_are_stored_outside_wwwroot_with_their_hash()
    {
        using var client = host.NoRedirectClient();
        var files = new[] { ("bien-ban.pdf", SampleFiles.Pdf()), ("anh.png", SampleFiles.Png()), ("de-xuat.docx", SampleFiles.Docx()) };

        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), files);
        var code = IntakeForms.TrackingCodeFrom(response);

        var stored = await AttachmentsOfAsync(code);
        Assert.Equal(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "image/png"],
            stored.Select(a => a.ContentType).Order().ToArray());
        var store = host.Services.GetRequiredService<AttachmentStore>();
        var webRoot = host.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        Assert.StartsWith(host.DataDirectory, store.Root, StringComparison.Ordinal);
        foreach (var a in stored)
        {
            var path = Path.Combine(store.Root, a.StoredName);
            Assert.True(File.Exists(path), path);
            Assert.DoesNotContain(a.FileName, path, StringComparison.Ordinal); // random names on disk
            Assert.False(path.StartsWith(webRoot, StringComparison.Ordinal));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))), a.Sha256);
        }

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, ".staging")));
    }

    [Theory]
    [InlineData("vi", "không thuộc loại được chấp nhận", "vui lòng chọn lại")]
    [InlineData("en", "is not an accepted type", "please select valid files again")]
    public async Task A_renamed_executable_posing_as_a_pdf_is_refused_and_the_form_is_kept(string culture, string refused, string reselect)
    {
        using var client = host.CreateClient();
        var before = await IntakeForms.CountsAsync(host);
        var fields = IntakeForms.ValidFeedback("Tệp đính kèm giả mạo không được chấp nhận");

        using var response = await IntakeForms.PostAsync(client, "feedback", fields, [("bao-cao.pdf", SampleFiles.Elf())], culture);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bao-cao.pdf", html, StringComparison.Ordinal);
        Assert.Contains(refused, html, StringComparison.Ordinal);
        Assert.Contains(reselect, html, StringComparison.Ordinal);
        Assert.Contains("value=\"Tệp đính kèm giả mạo không được chấp nhận\"", html, StringComparison.Ordinal);
        Assert.Contains("binh.tran@example.vn", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
        var root = host.Services.GetRequiredService<AttachmentStore>().Root;
        var elfHeader = SampleFiles.Elf()[..4];
        Assert.DoesNotContain(Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories) : [],
            f => File.ReadAllBytes(f).AsSpan().StartsWith(elfHeader));
    }

    public static TheoryData<string, byte[]> Impostors => new()
    {
        { "setup.docx", SampleFiles.Exe() },
        { "archive.pdf", SampleFiles.PlainZip() },
        { "page.txt", SampleFiles.Html() },
        { "empty.pdf", [] },
        { "huge.pdf", [.. SampleFiles.Pdf(), .. new byte[100_001]] },
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public async Task Files_that_are_not_what_we_accept_are_refused(string name, byte[] content)
    {
        using var client = host.CreateClient();
        var before = await IntakeForms.CountsAsync(host);

        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), [(name, content)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Files-error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    [Fact]
    public async Task More_files_than_allowed_are_refused()
    {
        using var client = host.CreateClient();
        var files = Enumerable.Range(1, 4).Select(i => ($"p{i}.pdf", SampleFiles.Pdf()));

        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), files, "en");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("You can attach at most 3 files", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_that_passed_are_kept_while_the_person_fixes_another_field()
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["Email"] = "sai-dinh-dang";

        using var refused = await IntakeForms.PostAsync(client, "feedback", fields, [("ghi-chu.txt", SampleFiles.Text())]);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("ghi-chu.txt", html, StringComparison.Ordinal);

        fields["Email"] = "binh.tran@example.vn";
        fields["StagedFiles"] = IntakeForms.HiddenFields(html)["StagedFiles"];
        using var accepted = await IntakeForms.PostAsync(client, "feedback", fields);
        var code = IntakeForms.TrackingCodeFrom(accepted);

        Assert.Equal("text/plain", Assert.Single(await AttachmentsOfAsync(code)).ContentType);
    }

    [Fact]
    public async Task Attachments_are_downloadable_only_by_the_responsible_agency_staff_and_system()
    {
        using var citizen = host.NoRedirectClient();
        using var response = await IntakeForms.PostAsync(citizen, "feedback", IntakeForms.ValidFeedback(), [("bien-ban.pdf", SampleFiles.Pdf())]);
        var code = IntakeForms.TrackingCodeFrom(response);
        var attachment = Assert.Single(await AttachmentsOfAsync(code));
        var agency = await Eventually.UntilAsync(() => host.InScopeAsync(sp =>
                sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking().Where(s => s.TrackingCode == code).Select(s => s.AgencyCode).SingleAsync()),
            a => a is not null, Patience.Background, "the case to be routed");
        Assert.Equal("bo-khcn", agency);
        var staffUrl = $"/staff/cases/{code}/attachments/{attachment.Id}";
        var apiUrl = $"/api/v1/agency/cases/{code}/attachments/{attachment.Id}";

        // The public: not even the status page links it; the staff URL asks for a login.
        var statusPage = await citizen.GetStringAsync($"/status/{code}");
        Assert.DoesNotContain(attachment.Id.ToString(), statusPage, StringComparison.Ordinal);
        using (var anonymous = await citizen.GetAsync(staffUrl))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/account/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var officer = host.CreateClient();
        await officer.LoginAsync(PortalApi.Officer("bo-khcn"));
        using (var download = await officer.GetAsync(staffUrl))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(SampleFiles.Pdf(), await download.Content.ReadAsByteArrayAsync());
        }

        using var otherOfficer = host.CreateClient();
        await otherOfficer.LoginAsync(PortalApi.Officer("bo-tai-chinh"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherOfficer.GetAsync(staffUrl)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await GetWithKeyAsync(apiUrl, PortalApi.AgencyKey("bo-khcn"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetWithKeyAsync(apiUrl, PortalApi.AgencyKey("bo-tai-chinh"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithKeyAsync(apiUrl, PortalApi.PartnerKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await citizen.GetAsync(apiUrl)).StatusCode);

        // The routed message carries the authorised, absolute link.
        var links = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            return await AttachmentLinks.ForAsync(db, await db.Submissions.SingleAsync(s => s.TrackingCode == code), CancellationToken.None);
        });
        Assert.Equal("http://localhost" + apiUrl, Assert.Single(links).DownloadUrl);
    }

    [Fact]
    public async Task Partner_apps_send_attachments_as_multipart_on_the_same_endpoint()
    {
        using var client = host.CreateClient();
        using var ok = await PostMultipartAsync(client, [("so-do.png", SampleFiles.Png()), ("bang.odt", SampleFiles.Odt())]);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var stored = await AttachmentsOfAsync(body.GetProperty("trackingCode").GetString()!);
        Assert.Equal(["application/vnd.oasis.opendocument.text", "image/png"], stored.Select(a => a.ContentType).Order().ToArray());

        var before = await IntakeForms.CountsAsync(host);
        using var refused = await PostMultipartAsync(client, [("virus.pdf", SampleFiles.Exe())]);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("virus.pdf", problem.GetProperty("errors").GetProperty("files")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, IEnumerable<(string Name, byte[] Content)> files)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(PortalApi.Feedback()), System.Text.Encoding.UTF8, "application/json"), "submission" },
        };
        foreach (var (name, bytes) in files)
        {
            content.Add(new ByteArrayContent(bytes), "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = content };
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        return await client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetWithKeyAsync(string url, string key)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
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
