using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedbackPortal.IntegrationTests.Attachments;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>
/// The bad-input corpus: each entry is one request a careless or hostile client could send, through
/// the JSON API or the HTML form. BadInputCorpusTests posts every entry and requires a 4xx answer in
/// Vietnamese (problem+json for the API, a page for the form), no internals, and nothing stored.
/// </summary>
public static class BadInputCorpus
{
    public sealed record Entry(string Id, bool Api, Func<HttpClient, Task<HttpResponseMessage>> Send);

    private static readonly string LongText = new('x', 10_001);

    public static readonly IReadOnlyList<Entry> All = Build();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var entry in All)
        {
            data.Add(entry.Id);
        }

        return data;
    }

    public static Entry Find(string id) => All.Single(e => e.Id == id);

    private static List<Entry> Build()
    {
        var list = new List<Entry>();
        void Api(string id, Action<JsonObject> mutate) => list.Add(new Entry("api:" + id, true, c => PostJsonAsync(c, Mutated(mutate))));
        void Raw(string id, string body, string contentType = "application/json", string? key = PortalApi.PartnerKey) =>
            list.Add(new Entry("api:" + id, true, c => PostRawAsync(c, body, contentType, key)));
        void Form(string id, Action<Dictionary<string, string>> mutate, (string, byte[])[]? files = null) =>
            list.Add(new Entry("form:" + id, false, c =>
            {
                var fields = IntakeForms.ValidFeedback();
                mutate(fields);
                return IntakeForms.PostAsync(c, "feedback", fields, files, "vi");
            }));

        Api("title-missing", b => b.Remove("title"));
        Api("title-empty", b => b["title"] = "");
        Api("title-whitespace", b => b["title"] = "     \t   ");
        Api("title-too-short", b => b["title"] = "Ngắn");
        Api("title-too-long", b => b["title"] = new string('T', 201));
        Api("title-only-zero-width", b => b["title"] = new string('\u200B', 20));
        Api("title-only-bidi", b => b["title"] = "\u202E\u202D\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202E\u202E");
        Api("title-nul", b => b["title"] = "Đèn đường hỏng\u0000 tại ngã tư");
        Api("title-del", b => b["title"] = "Đèn đường hỏng\u007F tại ngã tư");
        Api("title-bell", b => b["title"] = "Đèn đường hỏng\u0007 tại ngã tư");
        Api("title-backspace", b => b["title"] = "Đèn đường hỏng\b\b\b tại ngã tư");
        Api("title-number", b => b["title"] = 12345);
        Api("title-object", b => b["title"] = new JsonObject { ["vi"] = "Tiêu đề" });
        Api("content-missing", b => b.Remove("content"));
        Api("content-too-short", b => b["content"] = "Quá ngắn.");
        Api("content-too-long", b => b["content"] = LongText);
        Api("content-nul", b => b["content"] = (string)b["content"]! + "\u0000");
        Api("content-c1-control", b => b["content"] = (string)b["content"]! + "\u0085\u009B");
        Api("content-escape-sequence", b => b["content"] = (string)b["content"]! + "\u001B[31m đỏ");
        Api("content-array", b => b["content"] = new JsonArray("a", "b"));
        Api("field-missing", b => b.Remove("field"));
        Api("field-unknown", b => b["field"] = "khong-ton-tai");
        Api("locality-unknown", b => b["locality"] = "sao-hoa");
        Api("locality-query-unknown", b => b["localityQuery"] = "Tỉnh Không Có Thật");
        Api("kind-unknown", b => b["kind"] = "complaint");
        Api("system-on-feedback", b => b["system"] = "he-thong-1");
        Api("initiative-unknown-system", b => { b["kind"] = "initiative"; b["system"] = "he-thong-khong-co"; });
        Api("commune-too-long", b => b["communeWard"] = new string('p', 201));
        Api("impact-too-long", b => { b["kind"] = "initiative"; b["expectedImpact"] = new string('i', 5001); });
        Api("submitter-missing", b => b.Remove("submitter"));
        Api("submitter-string", b => b["submitter"] = "Nguyễn Văn An");
        Api("name-missing", b => Submitter(b).Remove("name"));
        Api("name-too-long", b => Submitter(b)["name"] = new string('N', 201));
        Api("name-only-zero-width", b => Submitter(b)["name"] = "\u200B\u200C\u200D\uFEFF");
        Api("name-control", b => Submitter(b)["name"] = "Nguyễn\u0001 Văn An");
        Api("name-nul", b => Submitter(b)["name"] = "\u0000");
        Api("email-missing", b => Submitter(b).Remove("email"));
        Api("email-invalid", b => Submitter(b)["email"] = "khong-phai-email");
        Api("email-space", b => Submitter(b)["email"] = "an nguyen@example.vn");
        Api("email-display-name", b => Submitter(b)["email"] = "An <an@example.vn>");
        Api("email-too-long", b => Submitter(b)["email"] = new string('a', 250) + "@example.vn");
        Api("email-control", b => Submitter(b)["email"] = "an\u001F@example.vn");
        Api("phone-short", b => Submitter(b)["phone"] = "12345");
        Api("phone-letters", b => Submitter(b)["phone"] = "abc-def-ghij");
        Api("phone-number-type", b => Submitter(b)["phone"] = 912345678);
        Api("organization-no-name", b => Submitter(b)["organization"] = new JsonObject { ["taxCode"] = "0101234567" });
        Api("organization-bad-tax-code", b => Submitter(b)["organization"] = new JsonObject { ["name"] = "Công ty A", ["taxCode"] = "12AB" });
        Api("organization-string", b => Submitter(b)["organization"] = "Công ty A");
        Api("consent-false", b => b["consent"] = false);
        Api("consent-missing", b => b.Remove("consent"));
        Api("consent-string", b => b["consent"] = "có");
        Api("allow-publish-number", b => b["allowPublish"] = 1);
        Raw("lone-surrogate", """{"kind":"feedback","title":"Tiêu đề \ud800 lạ ở giữa câu","content":"x"}""");
        Raw("malformed-json", """{"title": "Thiếu dấu đóng",""");
        Raw("trailing-comma", """{"title": "Có dấu phẩy thừa",}""");
        Raw("empty-body", "");
        Raw("json-null", "null");
        Raw("json-array", "[]");
        Raw("json-string", "\"chỉ là một chuỗi\"");
        Raw("text-plain", "title=x", "text/plain");
        Raw("form-urlencoded", "title=x&content=y", "application/x-www-form-urlencoded");
        Raw("xml", "<submission><title>x</title></submission>", "application/xml");
        Raw("no-api-key", JsonSerializer.Serialize(PortalApi.Feedback()), key: null);
        Raw("wrong-api-key", JsonSerializer.Serialize(PortalApi.Feedback()), key: "khoa-sai");
        list.Add(new Entry("api:multipart-no-submission", true, c => PostMultipartAsync(c, null, [])));
        list.Add(new Entry("api:multipart-malformed-submission", true, c => PostMultipartAsync(c, "{\"title\":", [])));
        list.Add(new Entry("api:multipart-svg-as-png", true,
            c => PostMultipartAsync(c, JsonSerializer.Serialize(PortalApi.Feedback()), [("so-do.png", UploadContentTests.Svg())])));
        list.Add(new Entry("api:multipart-jpeg-as-pdf", true,
            c => PostMultipartAsync(c, JsonSerializer.Serialize(PortalApi.Feedback()), [("bien-ban.pdf", UploadContentTests.Jpeg())])));
        list.Add(new Entry("api:multipart-nul-in-title", true,
            c => PostMultipartAsync(c, JsonSerializer.Serialize(PortalApi.Feedback(title: "Tiêu đề có\u0000 NUL ở giữa")), [])));

        Form("title-empty", f => f["Title"] = "");
        Form("title-too-long", f => f["Title"] = new string('T', 201));
        Form("title-nul", f => f["Title"] = "Đèn đường hỏng\u0000 tại ngã tư");
        Form("title-only-bidi", f => f["Title"] = "\u202E\u202E\u202E\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D");
        Form("content-too-short", f => f["Content"] = "Ngắn.");
        Form("content-nul", f => f["Content"] += "\u0000");
        Form("content-escape", f => f["Content"] += "\u001B]0;tiêu đề\u0007");
        Form("field-unknown", f => f["Field"] = "khong-ton-tai");
        Form("locality-unknown", f => f["Locality"] = "sao-hoa");
        Form("name-empty", f => f["Name"] = "");
        Form("name-control", f => f["Name"] = "Trần\u0002 Thị Bình");
        Form("name-only-zero-width", f => f["Name"] = "\u200B\u200B\u200B");
        Form("email-invalid", f => f["Email"] = "sai-dinh-dang");
        Form("email-control", f => f["Email"] = "binh\u0008@example.vn");
        Form("phone-invalid", f => f["Phone"] = "0000");
        Form("tax-code-invalid", f => { f["IsOrganization"] = "true"; f["OrganizationName"] = "Công ty B"; f["TaxCode"] = "12-AB"; });
        Form("consent-missing", f => f.Remove("Consent"));
        Form("consent-garbage", f => f["Consent"] = "banana");
        Form("svg-named-png", _ => { }, [("anh.png", UploadContentTests.Svg())]);
        Form("html-named-txt", _ => { }, [("ghi-chu.txt", UploadContentTests.Html())]);
        Form("jpeg-named-pdf", _ => { }, [("bien-ban.pdf", UploadContentTests.Jpeg())]);
        Form("executable-named-pdf", _ => { }, [("bien-ban.pdf", SampleFiles.Exe())]);
        list.Add(new Entry("form:no-antiforgery-token", false, async c =>
        {
            using var content = new FormUrlEncodedContent(IntakeForms.ValidFeedback());
            return await c.PostAsync("/submit/feedback?culture=vi", content);
        }));
        return list;
    }

    private static JsonObject Submitter(JsonObject body) => (JsonObject)body["submitter"]!;

    private static string Mutated(Action<JsonObject> mutate)
    {
        var body = JsonSerializer.SerializeToNode(PortalApi.Feedback())!.AsObject();
        mutate(body);
        return body.ToJsonString();
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string json) => PostRawAsync(client, json, "application/json", PortalApi.PartnerKey);

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string body, string contentType, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType + "; charset=utf-8");
        request.Headers.AcceptLanguage.ParseAdd("vi");
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string? submission, (string Name, byte[] Bytes)[] files)
    {
        using var content = new MultipartFormDataContent();
        if (submission is not null)
        {
            content.Add(new StringContent(submission, Encoding.UTF8, "application/json"), "submission");
        }

        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = content };
        request.Headers.AcceptLanguage.ParseAdd("vi");
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        return await client.SendAsync(request);
    }
}
