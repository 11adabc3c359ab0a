using System.Security.Claims;
using System.Text.Encodings.Web;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Hosting;

public sealed class ApiKeyOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates partner apps and agency systems by the X-Api-Key header (or Open311's api_key
/// field). Keys are compared by their SHA-256, the only form stored.
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<ApiKeyOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PortalDbContext db) : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ClientKindClaim = "fp:client_kind";
    public const string AgencyClaim = "fp:agency";
    public const string ClientIdClaim = "fp:client_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[HeaderName];
        if (string.IsNullOrEmpty(key) && Request.HasFormContentType && Request.Method == HttpMethods.Post
            && Request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase))
        {
            var form = await Request.ReadFormAsync(Context.RequestAborted);
            key = form["api_key"];
        }

        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiClient.Hash(key);
        var client = await db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.KeyHash == hash && c.IsActive, Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, client.Id.ToString()),
            new(ClaimTypes.Name, client.Name),
            new(ClientIdClaim, client.Id.ToString()),
            new(ClientKindClaim, client.Kind.ToString()),
        };
        if (client.AgencyCode is not null)
        {
            claims.Add(new Claim(AgencyClaim, client.AgencyCode));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
