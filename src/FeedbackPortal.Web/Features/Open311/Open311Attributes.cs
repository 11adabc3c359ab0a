using FeedbackPortal.Web.Features.Intake;

namespace FeedbackPortal.Web.Features.Open311;

/// <summary>The form fields of POST requests.json (GeoReport v2 names).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "GeoReport v2 parameter names")]
public sealed class Open311Request
{
#pragma warning disable IDE1006 // names are the standard's
    public string? api_key { get; set; }
    public string? jurisdiction_id { get; set; }
    public string? service_code { get; set; }
    public string? lat { get; set; }
    public string? @long { get; set; }
    public string? address_string { get; set; }
    public string? address_id { get; set; }
    public string? email { get; set; }
    public string? device_id { get; set; }
    public string? account_id { get; set; }
    public string? first_name { get; set; }
    public string? last_name { get; set; }
    public string? phone { get; set; }
    public string? description { get; set; }
    public string? media_url { get; set; }
    public string? title { get; set; }
#pragma warning restore IDE1006
}

/// <summary>Maps a GeoReport v2 request onto our intake payload, and our error keys back.</summary>
public static class Open311Attributes
{
    public const string Kind = "kind";
    public const string Locality = "locality";
    public const string Consent = "consent";
    public const string AllowPublish = "allow_publish";
    private const int TitleWords = 12;

    public static IntakeRequest ToIntake(Open311Request form, IReadOnlyDictionary<string, string> attributes)
    {
        var description = form.description?.Trim() ?? "";
        var location = new List<string>();
        if (!string.IsNullOrWhiteSpace(form.lat) && !string.IsNullOrWhiteSpace(form.@long))
        {
            location.Add($"({form.lat.Trim()}, {form.@long.Trim()})");
        }

        // Vietnamese order: family name (last_name) first.
        var name = string.Join(' ', new[] { form.last_name, form.first_name }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        return new IntakeRequest
        {
            Kind = attributes.GetValueOrDefault(Kind) is { Length: > 0 } k ? k : "feedback",
            Title = string.IsNullOrWhiteSpace(form.title) ? TitleFrom(description) : form.title,
            Content = location.Count == 0 ? description : $"{description}\n\n{string.Join(' ', location)}",
            Field = form.service_code,
            Locality = attributes.GetValueOrDefault(Locality) is { Length: > 0 } l ? l : null,
            CommuneWard = string.IsNullOrWhiteSpace(form.address_string) ? null : form.address_string.Trim(),
            Submitter = new IntakeSubmitter { Name = name, Email = form.email, Phone = form.phone },
            Consent = attributes.GetValueOrDefault(Consent) == "true",
            AllowPublish = attributes.GetValueOrDefault(AllowPublish) == "true",
        };
    }

    /// <summary>GeoReport has no title: the first words of the description, cut at a word.</summary>
    public static string TitleFrom(string description)
    {
        var words = description.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', words.Take(TitleWords));
        if (title.Length > 120)
        {
            title = title[..120];
            var cut = title.LastIndexOf(' ');
            title = cut > 40 ? title[..cut] : title;
        }

        return words.Length > TitleWords || title.Length < description.Length ? title.TrimEnd('.', ',', ';', ':') + "…" : title;
    }

    public static string ParameterFor(string key) => key switch
    {
        "title" or "content" => "description",
        "field" => "service_code",
        "kind" => $"attribute[{Kind}]",
        "locality" => $"attribute[{Locality}]",
        "consent" => $"attribute[{Consent}]",
        "communeWard" => "address_string",
        "submitter.name" => "first_name",
        "submitter.email" => "email",
        "submitter.phone" => "phone",
        _ => key,
    };
}
