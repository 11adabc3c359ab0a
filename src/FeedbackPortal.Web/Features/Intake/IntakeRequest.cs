using FeedbackPortal.Web.Hosting;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>The intake payload, as the JSON API takes it; the HTML forms map onto it.</summary>
public sealed record IntakeRequest
{
    public string? Kind { get; init; }

    [DisplayLine]
    public string? Title { get; init; }
    public string? Content { get; init; }
    public string? Field { get; init; }
    public string? Locality { get; init; }

    /// <summary>A province typed by name (also a former, merged province) when no code is given.</summary>
    public string? LocalityQuery { get; init; }

    public string? CommuneWard { get; init; }

    /// <summary>The commune's code within <see cref="Locality"/> (GET /api/v1/communes lists them).</summary>
    public string? Commune { get; init; }

    public string? System { get; init; }
    public string? ExpectedImpact { get; init; }
    public string? SupportRequested { get; init; }
    public IntakeSubmitter? Submitter { get; init; }
    public bool? Consent { get; init; }
    public bool? AllowPublish { get; init; }
}

public sealed record IntakeSubmitter
{
    [DisplayLine]
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public IntakeOrganization? Organization { get; init; }
}

public sealed record IntakeOrganization
{
    [DisplayLine]
    public string? Name { get; init; }
    public string? TaxCode { get; init; }
}

/// <summary>What the HTML form posts: flat fields, mapped onto <see cref="IntakeRequest"/>.</summary>
public sealed class IntakeForm
{
    [DisplayLine]
    public string? Title { get; set; }
    public string? Content { get; set; }
    public string? Field { get; set; }
    public string? Locality { get; set; }

    /// <summary>No-JS fallback: a province typed by name, also a former (merged) one.</summary>
    public string? LocalityQuery { get; set; }

    public string? CommuneWard { get; set; }

    /// <summary>The commune chosen from the province's list (a code within <see cref="Locality"/>).</summary>
    public string? Commune { get; set; }

    public string? System { get; set; }
    public string? ExpectedImpact { get; set; }
    public string? SupportRequested { get; set; }
    [DisplayLine]
    public string? Name { get; set; }

    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool IsOrganization { get; set; }

    [DisplayLine]
    public string? OrganizationName { get; set; }
    public string? TaxCode { get; set; }
    public bool Consent { get; set; }
    public bool AllowPublish { get; set; }

    /// <summary>"Remember my contact details on this device" (Một lần khai).</summary>
    public bool RememberMe { get; set; }

    /// <summary>Set by the "submit anyway" button on the similar-cases step.</summary>
    public bool ConfirmedNoDuplicate { get; set; }

    /// <summary>Protected token naming files already uploaded in an earlier step.</summary>
    public string? StagedFiles { get; set; }

    /// <summary>Protected token: the captcha was passed in an earlier step.</summary>
    public string? CaptchaPass { get; set; }

    /// <summary>One-time key made when the form is shown: a second post of it (double click, resend) creates no second case.</summary>
    public string? SubmissionKey { get; set; }

    public IntakeRequest ToRequest(string kind) => new()
    {
        Kind = kind,
        Title = Title,
        Content = Content,
        Field = Field,
        Locality = string.IsNullOrWhiteSpace(Locality) ? null : Locality,
        LocalityQuery = string.IsNullOrWhiteSpace(LocalityQuery) ? null : LocalityQuery,
        CommuneWard = CommuneWard,
        Commune = string.IsNullOrWhiteSpace(Commune) ? null : Commune,
        System = string.IsNullOrWhiteSpace(System) ? null : System,
        ExpectedImpact = ExpectedImpact,
        SupportRequested = SupportRequested,
        Submitter = new IntakeSubmitter
        {
            Name = Name,
            Email = Email,
            Phone = Phone,
            Organization = IsOrganization || !string.IsNullOrWhiteSpace(OrganizationName) || !string.IsNullOrWhiteSpace(TaxCode)
                ? new IntakeOrganization { Name = OrganizationName, TaxCode = TaxCode }
                : null,
        },
        Consent = Consent,
        AllowPublish = AllowPublish,
    };

    /// <summary>API error keys (JSON paths) to the form's field names, for messages next to the fields.</summary>
    public static string FormFieldFor(string apiKey) => apiKey switch
    {
        "submitter.name" => nameof(Name),
        "submitter.email" => nameof(Email),
        "submitter.phone" => nameof(Phone),
        "submitter.organization.name" => nameof(OrganizationName),
        "submitter.organization.taxCode" => nameof(TaxCode),
        "communeWard" => nameof(CommuneWard),
        "expectedImpact" => nameof(ExpectedImpact),
        "supportRequested" => nameof(SupportRequested),
        "allowPublish" => nameof(AllowPublish),
        "localityQuery" => nameof(LocalityQuery),
        "files" => "Files",
        "captcha" => "Captcha",
        _ => char.ToUpperInvariant(apiKey[0]) + apiKey[1..],
    };
}
