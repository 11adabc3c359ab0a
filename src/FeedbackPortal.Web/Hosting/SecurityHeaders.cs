using System.Security.Cryptography;
using FeedbackPortal.Infrastructure.Captcha;
using Microsoft.AspNetCore.CookiePolicy;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// Browser hardening on every response (pages, APIs, files, error pages): a Content-Security-Policy
/// without 'unsafe-inline' (the few things that must be inline carry the request's nonce), no
/// framing, no MIME sniffing, no referrer to other sites (status links carry tracking codes and
/// answer tokens), no powerful browser features; HSTS and Secure cookies outside Development.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "fp:csp-nonce";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public const string ReferrerPolicy = "same-origin";

    /// <summary>Machine answers (JSON, files) never run script or embed anything.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The request's CSP nonce, for the rare element that must be inline: &lt;script nonce="@Context.CspNonce()"&gt;.</summary>
    public static string CspNonce(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items[NonceItem] is not string nonce)
        {
            nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceItem] = nonce;
        }

        return nonce;
    }

    /// <summary>The page policy; reCAPTCHA (when configured) needs Google's script and frame origins.</summary>
    public static string PagePolicy(string nonce, CaptchaProvider captcha)
    {
        var google = captcha == CaptchaProvider.Recaptcha ? " https://www.google.com https://www.gstatic.com" : "";
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'{google}; style-src 'self' 'nonce-{nonce}'; "
            + $"img-src 'self' data:; font-src 'self'; connect-src 'self'{google}; worker-src 'self'; "
            + $"frame-src {(google.Length > 0 ? google.Trim() : "'none'")}; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    }

    public static IServiceCollection AddPortalSecurityHeaders(this IServiceCollection services, IHostEnvironment environment)
    {
        var production = !environment.IsDevelopment();
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
            // The portal's own host names decide; localhost is not special in a deployed portal.
            o.ExcludedHosts.Clear();
        });
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.HttpOnly = HttpOnlyPolicy.None; // each cookie says; the staff and antiforgery cookies are HttpOnly
            o.Secure = production ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        var captcha = Infrastructure.Portal.PortalConfigurationException.ParseChoice(
            "Captcha:Provider", app.Configuration["Captcha:Provider"], CaptchaProvider.Altcha);
        app.Use((context, next) =>
        {
            // On starting, so error pages and re-executed responses (whose headers were cleared) get them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
                headers.ContentSecurityPolicy = html ? PagePolicy(context.CspNonce(), captcha) : ApiPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = ReferrerPolicy;
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCookiePolicy();
        return app;
    }
}
