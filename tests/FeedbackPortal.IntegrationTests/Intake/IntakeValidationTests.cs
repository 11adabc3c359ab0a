using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>Every intake rule refuses bad input with a localised message, on the form and the API, and stores nothing.</summary>
public sealed class IntakeValidationTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    public static TheoryData<string, string, string, string, string> FormRules => new()
    {
        // kind, field, bad value, Vietnamese message (part), English message (part)
        { "feedback", "Title", "", "Nhập tiêu đề", "Enter a title" },
        { "feedback", "Title", "Ngắn", "Tiêu đề phải từ 10 đến 200", "The title must be 10 to 200" },
        { "feedback", "Title", new string('a', 201), "Tiêu đề phải từ 10 đến 200", "The title must be 10 to 200" },
        { "feedback", "Content", "", "Nhập nội dung chi tiết", "Enter the details" },
        { "feedback", "Content", "Quá ngắn", "Nội dung phải từ 30 đến 10000", "The details must be 30 to 10000" },
        { "feedback", "Content", new string('x', 10001), "Nội dung phải từ 30 đến 10000", "The details must be 30 to 10000" },
        { "feedback", "Field", "", "Chọn lĩnh vực", "Choose a subject field" },
        { "feedback", "Field", "khong-co", "Lĩnh vực không có trong danh mục", "That subject field is not in the list" },
        { "feedback", "Locality", "atlantis", "Tỉnh, thành phố không có trong danh mục", "That province is not in the list" },
        { "feedback", "LocalityQuery", "Xứ Sở Thần Tiên", "Không tìm thấy tỉnh, thành phố", "No province called" },
        { "feedback", "System", "he-thong-1", "Chỉ sáng kiến, giải pháp mới chọn Hệ thống", "Only initiatives have a System" },
        { "initiative", "System", "he-thong-99", "Hệ thống không có trong danh mục", "That System is not in the list" },
        { "initiative", "ExpectedImpact", new string('x', 5001), "Không được dài quá 5000", "Must be 5000 characters or fewer" },
        { "initiative", "SupportRequested", new string('x', 5001), "Không được dài quá 5000", "Must be 5000 characters or fewer" },
        { "feedback", "CommuneWard", new string('x', 201), "Không được dài quá 200", "Must be 200 characters or fewer" },
        { "feedback", "Name", "", "Nhập họ và tên", "Enter your full name" },
        { "feedback", "Name", new string('x', 201), "Không được dài quá 200", "Must be 200 characters or fewer" },
        { "feedback", "Email", "", "Nhập địa chỉ thư điện tử", "Enter your email address" },
        { "feedback", "Email", "khong-phai-email", "Địa chỉ thư điện tử không đúng định dạng", "Enter an email address in the correct format" },
        { "feedback", "Phone", "12345", "Số điện thoại không đúng định dạng Việt Nam", "Enter a Vietnamese phone number" },
        { "feedback", "Phone", "0112345678", "Số điện thoại không đúng định dạng Việt Nam", "Enter a Vietnamese phone number" },
        { "initiative", "OrganizationName", "", "Nhập tên tổ chức", "Enter the organisation's name" },
        { "initiative", "TaxCode", "", "Nhập mã số thuế", "Enter the organisation's tax code" },
        { "initiative", "TaxCode", "123456789", "Mã số thuế gồm 10 chữ số", "A tax code is 10 digits" },
        { "initiative", "TaxCode", "0101234567-12", "Mã số thuế gồm 10 chữ số", "A tax code is 10 digits" },
        { "feedback", "Consent", "false", "Cần đồng ý xử lý dữ liệu cá nhân", "You must agree to the processing" },
    };

    [Theory]
    [MemberData(nameof(FormRules))]
    public async Task A_form_with_a_bad_field_is_refused_in_both_languages_and_nothing_is_stored(
        string kind, string field, string value, string vietnamese, string english)
    {
        foreach (var (culture, expected) in new[] { ("vi", vietnamese), ("en", english) })
        {
            using var client = host.CreateClient();
            var fields = kind == "initiative" ? IntakeForms.ValidInitiative() : IntakeForms.ValidFeedback();
            fields[field] = value;
            var before = await IntakeForms.CountsAsync(host);

            using var response = await IntakeForms.PostAsync(client, kind, fields, culture: culture);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, html, StringComparison.Ordinal);
            Assert.Contains("fp-error-summary", html, StringComparison.Ordinal);
            Assert.Contains($"href=\"#{field}\"", html, StringComparison.Ordinal);
            Assert.Equal(before, await IntakeForms.CountsAsync(host));
            if (field != "Title")
            {
                // The rest of the form is kept.
                Assert.Contains(fields["Title"], html, StringComparison.Ordinal);
            }
        }
    }

    public static TheoryData<string, string, string, string> ApiRules => new()
    {
        // JSON path, bad JSON value, vi, en
        { "kind", "\"complaint\"", "Loại ý kiến phải là feedback hoặc initiative", "Kind must be feedback or initiative" },
        { "title", "\"\"", "Nhập tiêu đề", "Enter a title" },
        { "submitter.email", "\"a@b\"", "Địa chỉ thư điện tử không đúng định dạng", "Enter an email address in the correct format" },
        { "submitter.phone", "\"+1 555 0100\"", "Số điện thoại không đúng định dạng Việt Nam", "Enter a Vietnamese phone number" },
        { "submitter.organization.taxCode", "\"01-0123\"", "Mã số thuế gồm 10 chữ số", "A tax code is 10 digits" },
        { "consent", "false", "Cần đồng ý xử lý dữ liệu cá nhân", "You must agree to the processing" },
        { "localityQuery", "\"Narnia\"", "Không tìm thấy tỉnh, thành phố", "No province called" },
    };

    [Theory]
    [MemberData(nameof(ApiRules))]
    public async Task The_partner_api_refuses_bad_input_with_a_localised_problem_and_stores_nothing(string path, string json, string vietnamese, string english)
    {
        foreach (var (language, expected) in new[] { ("vi", vietnamese), ("en", english) })
        {
            using var client = host.CreateClient();
            var body = JsonSerializer.SerializeToNode(PortalApi.Feedback())!.AsObject();
            var target = body;
            var parts = path.Split('.');
            foreach (var part in parts[..^1])
            {
                target[part] ??= new System.Text.Json.Nodes.JsonObject();
                target = target[part]!.AsObject();
            }

            if (path == "submitter.organization.taxCode")
            {
                target["name"] = "Công ty TNHH Thử Nghiệm";
            }

            target[parts[^1]] = System.Text.Json.Nodes.JsonNode.Parse(json);
            var before = await IntakeForms.CountsAsync(host);

            using var response = await client.PostSubmissionAsync(body, language: language);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var messages = problem.GetProperty("errors").GetProperty(path).EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains(messages, m => m!.Contains(expected, StringComparison.Ordinal));
            Assert.Equal(before, await IntakeForms.CountsAsync(host));
        }
    }

    [Fact]
    public async Task A_valid_form_is_stored_with_its_policy_version_and_lands_on_the_confirmation()
    {
        using var client = host.NoRedirectClient();
        var before = await IntakeForms.CountsAsync(host);

        using var response = await IntakeForms.PostAsync(client, "initiative", IntakeForms.ValidInitiative());
        var code = IntakeForms.TrackingCodeFrom(response);

        var after = await IntakeForms.CountsAsync(host);
        Assert.Equal(before.Submissions + 1, after.Submissions);
        Assert.StartsWith("SK-", code, StringComparison.Ordinal);
        var page = await client.GetStringAsync($"/status/{code}?submitted=1");
        Assert.Contains("id=\"tracking-code\"", page, StringComparison.Ordinal);
        Assert.Contains("data-copy-target=\"tracking-code\"", page, StringComparison.Ordinal);
        Assert.Contains($"http://localhost/status/{code}", page, StringComparison.Ordinal);
        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<Infrastructure.Persistence.PortalDbContext>()
            .Submissions.AsNoTracking().SingleAsync(s => s.TrackingCode == code));
        Assert.Equal("2025-07", stored.ConsentPolicyVersion);
        Assert.Equal("0101234567", stored.Submitter.TaxCode);
        Assert.Equal("he-thong-1", stored.SystemCode);
        Assert.False(stored.AllowPublish);
    }
}
