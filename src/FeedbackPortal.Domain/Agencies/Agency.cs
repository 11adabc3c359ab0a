namespace FeedbackPortal.Domain.Agencies;

public enum AgencyType
{
    Central = 1,
    Ministry,
    Province,
}

/// <summary>An agency a case can be routed to; its queue is agency.&lt;Code&gt;.</summary>
public sealed class Agency
{
    public const string CentralTriage = "central-triage";

    private Agency()
    {
        Code = string.Empty;
        NameVi = string.Empty;
        NameEn = string.Empty;
    }

    public Agency(string code, AgencyType type, string nameVi, string nameEn)
    {
        Code = code;
        Type = type;
        NameVi = nameVi;
        NameEn = nameEn;
    }

    public string Code { get; private set; }
    public AgencyType Type { get; private set; }
    public string NameVi { get; private set; }
    public string NameEn { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? HeadEmail { get; private set; }

    /// <summary>The agency's own case system consumes its queue; the portal's inbox does not.</summary>
    public bool ExternalConsumer { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>Officers' answers wait for the head's approval before they are sent.</summary>
    public bool RequiresAnswerApproval { get; private set; }

    /// <summary>For provincial units: their locality, e.g. "ha-noi".</summary>
    public string? LocalityCode { get; private set; }
    public string? LocalityNameVi { get; private set; }
    public string? LocalityNameEn { get; private set; }

    /// <summary>Former provinces merged into this one (1 July 2025), "|"-separated, for locality search.</summary>
    public string? MergedFrom { get; private set; }

    public string Name(string language) => language == "en" ? NameEn : NameVi;

    /// <summary>Codes become queue names (agency.&lt;code&gt;): lower-case ASCII words joined by hyphens.</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: > 0 and <= 60 }
        && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && !code.StartsWith('-') && !code.EndsWith('-') && !code.Contains("--", StringComparison.Ordinal);

    public string? LocalityName(string language) => language == "en" ? LocalityNameEn : LocalityNameVi;

    public IReadOnlyList<string> MergedFromNames =>
        string.IsNullOrEmpty(MergedFrom) ? [] : MergedFrom.Split('|');

    public void UpdateNames(string nameVi, string nameEn)
    {
        NameVi = nameVi;
        NameEn = nameEn;
    }

    public void SetLocality(string localityCode, string nameVi, string nameEn, IEnumerable<string> mergedFrom)
    {
        LocalityCode = localityCode;
        LocalityNameVi = nameVi;
        LocalityNameEn = nameEn;
        MergedFrom = string.Join('|', mergedFrom);
    }

    public void SetContacts(string? contactEmail, string? headEmail)
    {
        ContactEmail = contactEmail;
        HeadEmail = headEmail;
    }

    public void SetExternalConsumer(bool external) => ExternalConsumer = external;

    public void SetActive(bool active) => IsActive = active;

    public void SetRequiresAnswerApproval(bool required) => RequiresAnswerApproval = required;
}
