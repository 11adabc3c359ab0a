using Microsoft.Extensions.Configuration;

namespace FeedbackPortal.Infrastructure.ReferenceData;

/// <summary>
/// Agency e-mail addresses from configuration, <c>Agencies:&lt;code&gt;:ContactEmail</c> and
/// <c>Agencies:&lt;code&gt;:HeadEmail</c>. Real addresses are not in the reference lists, so nothing
/// is invented: an agency without configured addresses has none until a coordinator enters them.
/// </summary>
public sealed record AgencyContact(string? ContactEmail, string? HeadEmail)
{
    public static IReadOnlyDictionary<string, AgencyContact> FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection("Agencies").GetChildren()
            .Select(c => (c.Key, Contact: new AgencyContact(Blank(c["ContactEmail"]), Blank(c["HeadEmail"]))))
            .Where(c => c.Contact.ContactEmail is not null || c.Contact.HeadEmail is not null)
            .ToDictionary(c => c.Key, c => c.Contact, StringComparer.Ordinal);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
