namespace FeedbackPortal.Infrastructure.Portal;

/// <summary>Settings under "Portal".</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>All embedded state (SQLite files, search index, mail pickup, attachments) lives here.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Run consumers, the outbox dispatcher and scheduled jobs inside this process.</summary>
    public bool InProcessWorkers { get; set; } = true;

    /// <summary>Absolute base URL used in e-mails and routed messages (status links, downloads).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    public string ResolveDataPath(params string[] parts)
    {
        var root = Path.GetFullPath(DataDirectory);
        return Path.Combine([root, .. parts]);
    }
}

/// <summary>Thrown at start-up for a configuration key with a value we do not support.</summary>
public sealed class PortalConfigurationException : Exception
{
    public PortalConfigurationException()
    {
    }

    public PortalConfigurationException(string message) : base(message)
    {
    }

    public PortalConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static T ParseChoice<T>(string key, string? value, T defaultValue) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        throw new PortalConfigurationException(
            $"Configuration '{key}' has the value '{value}'; expected one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
