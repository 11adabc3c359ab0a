using System.Net;
using System.Text.Json;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>What every hardened response must show.</summary>
public static class HardeningAsserts
{
    public static void AssertHardened(HttpResponseMessage response, bool page)
    {
        var where = $"{response.RequestMessage?.RequestUri} ({(int)response.StatusCode})";
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        if (page)
        {
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'", csp);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("default-src 'none'", csp, StringComparison.Ordinal);
        }

        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), where);
        Assert.Equal("nosniff", Assert.Single(nosniff));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()" })
        {
            Assert.Contains(feature, permissions, StringComparison.Ordinal);
        }

        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Cross-Origin-Opener-Policy")));
    }

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoInternals(body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static void AssertNoInternals(string body)
    {
        foreach (var leak in new[] { "System.", "Microsoft.", "BytePosition", "LineNumber", "   at ", "Exception", "FeedbackPortal." })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }
}
