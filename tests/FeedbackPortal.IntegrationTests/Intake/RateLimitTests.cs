using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Intake;

public sealed class RateLimitedHost() : PortalHost(new PortalHostOptions
{
    Settings =
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Forms:Burst"] = "2",
        ["RateLimits:Forms:Sustained"] = "50",
        ["RateLimits:Status:Burst"] = "3",
        ["RateLimits:Status:Sustained"] = "50",
        ["RateLimits:Api:Burst"] = "50",
        ["RateLimits:Api:Sustained"] = "3",
        ["RateLimits:Api:SustainedWindow"] = "00:10:00",
        ["Limits:MaxBodyBytes"] = "65536",
    },
});

public sealed class RateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    [Fact]
    public async Task Form_posts_beyond_the_burst_answer_429_with_retry_after_and_a_localised_page()
    {
        using var client = host.NoRedirectClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), culture: "vi");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Quá nhiều yêu cầu", WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        last.Dispose();
    }

    [Fact]
    public async Task Status_lookups_are_limited_against_tracking_code_guessing()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/status/PA-26-0000-000{i}");
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Each_api_key_has_its_own_quota_answered_with_problem_json()
    {
        using var client = host.CreateClient();
        var results = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostSubmissionAsync(PortalApi.Feedback(), language: "en");
            results.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(429, problem.GetProperty("status").GetInt32());
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], results);

        // Another key is not affected.
        using var other = await client.PostSubmissionAsync(PortalApi.Feedback(), PortalApi.AgencyKey("bo-khcn"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }
}

public sealed class KestrelLimitsHost() : PortalHost(new PortalHostOptions
{
    Kestrel = true,
    Settings = { ["Limits:MaxBodyBytes"] = "65536", ["Attachments:MaxFiles"] = "1", ["Attachments:MaxFileBytes"] = "200000" },
});

/// <summary>Body size limits are enforced by Kestrel, so these run over real HTTP.</summary>
public sealed class RequestSizeLimitTests(KestrelLimitsHost host) : IClassFixture<KestrelLimitsHost>
{
    [Fact]
    public async Task Bodies_larger_than_the_default_limit_are_refused_outside_upload_endpoints()
    {
        using var client = new HttpClient { BaseAddress = host.ServerAddress };
        var body = PortalApi.Feedback(content: new string('x', 200_000));
        using var response = await client.PostSubmissionAsync(body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Upload_endpoints_accept_files_times_size_plus_a_margin()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.ServerAddress };
        var pdf = Attachments.SampleFiles.Pdf().Concat(new byte[150_000]).ToArray();
        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), [("lon.pdf", pdf)]);
        IntakeForms.TrackingCodeFrom(response);
    }
}
