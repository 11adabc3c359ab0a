using FeedbackPortal.Infrastructure.Portal;
using Microsoft.AspNetCore.DataProtection;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// Antiforgery tokens and the staff cookie are protected with Data Protection keys. With several
/// web replicas every replica must read the same key ring, or a form rendered by one pod fails
/// on another. Keys go to DataProtection:KeysDirectory (in Kubernetes and docker-compose a volume of
/// their own that only web containers mount), by default &lt;data directory&gt;/keys.
/// </summary>
public static class DataProtectionRegistration
{
    public const string ApplicationName = "FeedbackPortal";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var directory = configuration["DataProtection:KeysDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : (configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions()).ResolveDataPath("keys");
        Directory.CreateDirectory(directory);
        services.AddDataProtection()
            // Same name on every replica: the name isolates key rings, so it must not vary by path.
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(directory));
        return services;
    }
}
