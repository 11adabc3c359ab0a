using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FeedbackPortal.Web.Hosting;

/// <summary>Response compression and static-file caching: small, cacheable pages on a slow phone.</summary>
public static partial class WebPerformance
{
    public static IServiceCollection AddPortalPerformance(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // BREACH: pages carry antiforgery tokens, but those are re-encrypted with a fresh IV on
            // every response, and no secret is reflected from the request into the same body.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
                ["text/javascript", "image/svg+xml", "application/problem+json", "application/manifest+json"]);
        });
        // Optimal (Brotli quality 4-5, gzip 6) is cheap for our few-KB bodies and ~15% smaller than Fastest.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.AddMemoryCache();
        return services;
    }

    /// <summary>
    /// Static files with cache headers: the web/ build's fingerprinted <c>/dist/name.hash.ext</c> files
    /// never change, so browsers keep them a year without revalidating; anything else (manifest,
    /// robots.txt, favicon) is revalidated after an hour at most.
    /// Not MapStaticAssets: the web/ build already fingerprints its files (the names Razor gets from
    /// manifest.json), and dist/ is generated during the build, which MapStaticAssets' build-time
    /// endpoint manifest would have to track as well; compression middleware covers the rest.
    /// </summary>
    public static IApplicationBuilder UsePortalStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = ctx =>
            {
                var path = ctx.Context.Request.Path.Value ?? "";
                ctx.Context.Response.Headers[HeaderNames.CacheControl] = Fingerprinted().IsMatch(path)
                    ? "public, max-age=31536000, immutable"
                    : "public, max-age=3600, must-revalidate";
            },
        });

    [GeneratedRegex(@"^/dist/[^/]+\.[0-9a-f]{8}\.[a-z0-9]+$")]
    private static partial Regex Fingerprinted();
}
