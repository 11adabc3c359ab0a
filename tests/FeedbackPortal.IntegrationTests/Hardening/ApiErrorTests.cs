using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Every API error is localised problem+json without internals.</summary>
public sealed class ApiErrorTests(ManyClientsHost host) : IClassFixture<ManyClientsHost>
{
    private static HttpRequestMessage Post(string path, HttpContent content, string language, string? key = PortalApi.PartnerKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    [Theory]
    [InlineData("vi", "Chưa xác thực.", "khoá API")]
    [InlineData("en", "Not authenticated.", "API key")]
    public async Task A_missing_key_is_401_problem_json_with_a_challenge(string language, string title, string detail)
    {
        using var client = host.ClientFrom("192.0.2.1");
        using var response = await client.SendAsync(Post("/api/v1/submissions", JsonContent.Create(PortalApi.Feedback()), language, key: null));
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "Kiểu nội dung không được hỗ trợ.")]
    [InlineData("en", "Unsupported content type.")]
    public async Task A_wrong_content_type_is_415_problem_json(string language, string title)
    {
        using var client = host.ClientFrom("192.0.2.2");
        using var response = await client.SendAsync(Post("/api/v1/submissions", new StringContent("title=x", Encoding.UTF8, "text/plain"), language));
        Assert.Equal(title, (await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("vi", "Giá trị không đúng kiểu dữ liệu")]
    [InlineData("en", "The value has the wrong type")]
    public async Task A_json_type_error_names_the_field_in_the_request_language(string language, string message)
    {
        using var client = host.ClientFrom("192.0.2.3");
        var body = PortalApi.Feedback();
        body["consent"] = "có";
        using var response = await client.SendAsync(Post("/api/v1/submissions", JsonContent.Create(body), language));
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("consent", out _), problem.ToString());
        Assert.StartsWith(message, errors.GetProperty("consent")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(errors.EnumerateObject());
    }

    [Theory]
    [InlineData("vi", "không phải JSON hợp lệ")]
    [InlineData("en", "is not valid JSON")]
    public async Task A_broken_json_body_is_one_localised_body_error(string language, string message)
    {
        using var client = host.ClientFrom("192.0.2.4");
        using var response = await client.SendAsync(Post("/api/v1/submissions", new StringContent("{\"title\": \"x\",", Encoding.UTF8, "application/json"), language));
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/khong-co", HttpStatusCode.NotFound, "Không tìm thấy.")]
    [InlineData("DELETE", "/api/v1/submissions", HttpStatusCode.MethodNotAllowed, "Phương thức không được hỗ trợ.")]
    [InlineData("GET", "/api/v1/agency/cases", HttpStatusCode.Unauthorized, "Chưa xác thực.")]
    public async Task Routing_and_authorization_refusals_have_bodies(string method, string path, HttpStatusCode status, string title)
    {
        using var client = host.ClientFrom("192.0.2.5");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.AcceptLanguage.ParseAdd("vi");
        using var response = await client.SendAsync(request);
        Assert.Equal(title, (await HardeningAsserts.AssertProblemAsync(response, status)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_partner_key_on_the_agency_api_is_403_problem_json()
    {
        using var client = host.ClientFrom("192.0.2.6");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/agency/cases");
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await client.SendAsync(request);
        Assert.Equal("Not allowed.", (await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.Forbidden)).GetProperty("title").GetString());
    }
}

/// <summary>Bodies over the limit on real Kestrel: 413 problem+json for the API, the friendly page for forms, never a stack trace.</summary>
public abstract class OversizedBodyTests(PortalHost host)
{
    [Fact]
    public async Task An_oversized_json_body_is_413_problem_json_without_a_stack_trace()
    {
        // Production seeds no demo key: the partner is registered here the way an operator would.
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var hash = ApiClient.Hash(PortalApi.PartnerKey);
            if (!await db.ApiClients.AnyAsync(c => c.KeyHash == hash))
            {
                db.ApiClients.Add(new ApiClient { Name = "Partner", Kind = ApiClientKind.Partner, KeyHash = hash, CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
            }
        });
        using var client = new HttpClient { BaseAddress = host.ServerAddress };
        var huge = PortalApi.Feedback(content: new string('a', 2 * 1024 * 1024));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = JsonContent.Create(huge) };
        request.Headers.Add("X-Api-Key", PortalApi.PartnerKey);
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await client.SendAsync(request);
        var problem = await HardeningAsserts.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request is too large.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_oversized_form_body_is_a_friendly_page_without_a_stack_trace()
    {
        using var client = new HttpClient { BaseAddress = host.ServerAddress };
        var fields = new Dictionary<string, string> { ["Email"] = "a@b.vn", ["Password"] = new string('x', 2 * 1024 * 1024) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.AcceptLanguage.ParseAdd("vi");
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 400 or 413, $"{(int)response.StatusCode} {body[..Math.Min(3000, body.Length)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        HardeningAsserts.AssertNoInternals(body);
    }
}

public sealed class KestrelDevelopmentHost() : PortalHost(new PortalHostOptions { Kestrel = true });

public sealed class KestrelProductionHost() : PortalHost(new PortalHostOptions
{
    Kestrel = true,
    Environment = "Production",
    Settings =
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:HmacKey"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ["RateLimits:Enabled"] = "false",
    },
});

public sealed class OversizedBodyInDevelopmentTests(KestrelDevelopmentHost host) : OversizedBodyTests(host), IClassFixture<KestrelDevelopmentHost>;

public sealed class OversizedBodyInProductionTests(KestrelProductionHost host) : OversizedBodyTests(host), IClassFixture<KestrelProductionHost>;
