using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Idempotency;

/// <summary>The embedded portal with the real ALTCHA check, so a double-clicked form spends one solution.</summary>
public sealed class IdempotencySqliteHost() : PortalHost(new PortalHostOptions { Settings = IdempotencyHostSettings.Altcha() });

/// <summary>The same on PostgreSQL, where a concurrent duplicate waits for the first transaction's key.</summary>
public sealed class IdempotencyPostgresHost() : PortalHost(new PortalHostOptions { Postgres = true, Settings = IdempotencyHostSettings.Altcha() });

internal static class IdempotencyHostSettings
{
    public static Dictionary<string, string?> Altcha() => new()
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:HmacKey"] = "idempotency-test-hmac-key-0123456789-0123456789",
        ["Captcha:Altcha:MaxNumber"] = "2000",
    };
}
