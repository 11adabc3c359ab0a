using System.Threading.RateLimiting;

namespace FeedbackPortal.Web.Hosting;

/// <summary>Settings under "RateLimits:SignIn": failed credentials (API keys, staff passwords, 2FA codes).</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "RateLimits:SignIn";

    /// <summary>Failed attempts of any kind from one IP before it is refused (429) until the window passes.</summary>
    public int FailuresPerIp { get; set; } = 20;

    /// <summary>Failed passwords for one account from one IP: the lock is per account AND IP, so an
    /// attacker elsewhere cannot lock an officer out of their own desk.</summary>
    public int FailuresPerAccountAndIp { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Counts failed credentials in ASP.NET Core's sliding-window rate limiters and refuses further
/// attempts BEFORE authentication runs (the middleware sits in front of UseAuthentication), so a
/// guesser gets 429 instead of an answer to every guess. Successes cost nothing. Identity's own
/// per-account lockout is not used on failure (see AccountController): only the per account+IP lock.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perIp;
    private readonly PartitionedRateLimiter<string> _perAccount;

    public SignInThrottle(SignInThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perIp = Limiter(options.FailuresPerIp, options.Window);
        _perAccount = Limiter(options.FailuresPerAccountAndIp, options.Window);
    }

    public static string IpOf(HttpContext context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>How long the IP must wait, or null while it may still try.</summary>
    public TimeSpan? IpBlocked(string ip) => Blocked(_perIp, ip);

    /// <summary>How long this account may not be tried from this IP, or null.</summary>
    public TimeSpan? AccountBlocked(string ip, string account) => Blocked(_perAccount, Key(ip, account));

    public void IpFailed(string ip) => _perIp.AttemptAcquire(ip).Dispose();

    public void AccountFailed(string ip, string account)
    {
        IpFailed(ip);
        _perAccount.AttemptAcquire(Key(ip, account)).Dispose();
    }

    public void Dispose()
    {
        _perIp.Dispose();
        _perAccount.Dispose();
    }

    private static string Key(string ip, string account) => ip + "|" + account.Trim().ToUpperInvariant();

    /// <summary>Asking for zero permits tests the bucket without spending from it.</summary>
    private static TimeSpan? Blocked(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : TimeSpan.FromMinutes(1);
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = 5,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}

public static class SignInThrottleRegistration
{
    public static IServiceCollection AddPortalSignInThrottle(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SignInThrottleOptions.Section).Get<SignInThrottleOptions>() ?? new SignInThrottleOptions();
        if (options.FailuresPerIp < 1 || options.FailuresPerAccountAndIp < 1 || options.Window <= TimeSpan.Zero)
        {
            throw new Infrastructure.Portal.PortalConfigurationException(
                "RateLimits:SignIn: FailuresPerIp and FailuresPerAccountAndIp must be at least 1 and Window positive.");
        }

        services.AddSingleton(new SignInThrottle(options));
        return services;
    }

    /// <summary>Before authentication: an IP over its failure budget gets 429 for credential-bearing requests;
    /// a wrong API key (401 from the API-key scheme) counts against the IP.</summary>
    public static WebApplication UsePortalSignInThrottle(this WebApplication app)
    {
        var throttle = app.Services.GetRequiredService<SignInThrottle>();
        app.Use(async (context, next) =>
        {
            var apiKey = context.Request.Headers.ContainsKey(ApiKeyHandler.HeaderName)
                || (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase));
            var signIn = HttpMethods.IsPost(context.Request.Method)
                && (context.Request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.Equals("/account/login-2fa", StringComparison.OrdinalIgnoreCase));
            if (!apiKey && !signIn)
            {
                await next(context);
                return;
            }

            var ip = SignInThrottle.IpOf(context);
            if (throttle.IpBlocked(ip) is { } wait)
            {
                await RateLimiting.WriteTooManyRequestsAsync(context, wait, context.RequestAborted);
                return;
            }

            await next(context);
            if (apiKey && context.Response.StatusCode == StatusCodes.Status401Unauthorized)
            {
                throttle.IpFailed(ip);
            }
        });
        return app;
    }
}
