using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>The contact details a person chose to keep on this device.</summary>
public sealed record ContactDetails(string? Name, string? Email, string? Phone, string? OrganizationName, string? TaxCode);

/// <summary>
/// "Một lần khai": with the person's consent, their contact details are kept in a cookie encrypted
/// and signed with ASP.NET Core Data Protection (unreadable and tamper-proof for anyone else), so
/// the next form is already filled in. Never written without consent; one click clears it.
/// </summary>
public sealed class RememberedContact(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "fp.contact";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private IDataProtector Protector => protection.CreateProtector("FeedbackPortal.Intake.RememberedContact.v1");

    public ContactDetails? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ContactDetails>(Protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null; // key rotated or tampered with: treat as absent
        }
    }

    public void Write(HttpResponse response, ContactDetails details) =>
        response.Cookies.Append(CookieName, Protector.Protect(JsonSerializer.Serialize(details)), new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Expires = clock.GetUtcNow().Add(Lifetime),
            Path = "/submit",
        });

    public void Clear(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/submit" });
}
