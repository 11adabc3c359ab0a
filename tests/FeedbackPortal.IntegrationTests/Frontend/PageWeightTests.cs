using System.Net;
using System.Text.RegularExpressions;
using FeedbackPortal.Testing;
using Xunit.Abstractions;

namespace FeedbackPortal.IntegrationTests.Frontend;

public sealed class KestrelPortalHost() : PortalHost(new PortalHostOptions { Kestrel = true });

/// <summary>
/// The submit page is light enough for a cheap phone on a slow network: HTML + CSS + JS as sent over
/// the wire (Brotli/gzip) ≤ 50 KB without the captcha script, no render-blocking script, and the
/// fingerprinted assets are cached for a year.
/// </summary>
public sealed partial class PageWeightTests(KestrelPortalHost portal, ITestOutputHelper output) : IClassFixture<KestrelPortalHost>
{
    private const int Budget = 50 * 1024;

    private HttpClient RawClient() => new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        BaseAddress = portal.ServerAddress,
    };

    private static async Task<(byte[] Body, HttpResponseMessage Response)> GetCompressedAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response);
    }

    [Theory]
    [InlineData("/submit/feedback")]
    [InlineData("/submit/initiative")]
    [InlineData("/")]
    public async Task The_page_with_its_css_and_js_is_at_most_50_KB_compressed(string path)
    {
        using var client = RawClient();
        var (html, page) = await GetCompressedAsync(client, path);
        Assert.Equal("br", string.Join(",", page.Content.Headers.ContentEncoding));
        var text = await new StreamContent(new System.IO.Compression.BrotliStream(new MemoryStream(html), System.IO.Compression.CompressionMode.Decompress))
            .ReadAsStringAsync();

        var total = html.Length;
        output.WriteLine($"{path}: HTML {html.Length} B br ({text.Length} chars uncompressed)");
        var assets = Stylesheets().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(Scripts().Matches(text).Select(m => m.Groups[1].Value))
            .Where(u => !u.Contains("altcha", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var (body, response) = await GetCompressedAsync(client, WebUtility.HtmlDecode(asset));
            Assert.Equal("br", string.Join(",", response.Content.Headers.ContentEncoding));
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            output.WriteLine($"  {asset}: {body.Length} B br");
            total += body.Length;
        }

        output.WriteLine($"  total: {total} B (budget {Budget} B)");
        Assert.True(total <= Budget, $"{path} transfers {total} B compressed; the budget is {Budget} B.");
    }

    [Fact]
    public async Task No_script_blocks_the_first_render()
    {
        using var client = portal.CreateClient();
        var html = await client.GetStringAsync("/submit/feedback");
        var scripts = ScriptTags().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.True(
            s.Contains(" defer", StringComparison.Ordinal) || s.Contains("type=\"module\"", StringComparison.Ordinal) || s.Contains(" async", StringComparison.Ordinal),
            $"render-blocking script: {s}"));
    }

    [Fact]
    public async Task Gzip_is_used_when_the_browser_does_not_take_Brotli()
    {
        using var client = RawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal("gzip", string.Join(",", response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task Files_without_a_fingerprint_are_revalidated()
    {
        using var client = RawClient();
        using var response = await client.GetAsync("/dist/manifest.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [GeneratedRegex("<link[^>]+rel=\"stylesheet\"[^>]+href=\"([^\"]+)\"")]
    private static partial Regex Stylesheets();

    [GeneratedRegex("<script[^>]+src=\"([^\"]+)\"")]
    private static partial Regex Scripts();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTags();
}
