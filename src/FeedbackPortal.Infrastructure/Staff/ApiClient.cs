using System.Security.Cryptography;
using System.Text;

namespace FeedbackPortal.Infrastructure.Staff;

public enum ApiClientKind
{
    /// <summary>A partner app submitting on behalf of people.</summary>
    Partner = 1,

    /// <summary>An agency's own case system, scoped to that agency's cases.</summary>
    Agency = 2,
}

/// <summary>An API key holder. Only the key's SHA-256 is stored, so a database leak leaks no keys.</summary>
public sealed class ApiClient
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = string.Empty;
    public ApiClientKind Kind { get; set; }
    public string? AgencyCode { get; set; }
    public string KeyHash { get; set; } = string.Empty;
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
