using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Routing;

/// <summary>
/// (kind?, field?, locality?, communes?) → agency. Null criteria match anything. A rule either names its
/// target agency or sends the case to the People's Committee of the submitter's province.
/// </summary>
public sealed class RoutingRule
{
    private RoutingRule()
    {
        Description = string.Empty;
    }

    public RoutingRule(SubmissionKind? kind, string? fieldCode, string? localityCode, string? targetAgencyCode,
        bool toLocalityAgency, int priority, string description)
    {
        if (targetAgencyCode is null == !toLocalityAgency)
        {
            throw new ArgumentException("A rule names a target agency or routes to the locality's agency, not both.");
        }

        Kind = kind;
        FieldCode = fieldCode;
        LocalityCode = localityCode;
        TargetAgencyCode = targetAgencyCode;
        ToLocalityAgency = toLocalityAgency;
        Priority = priority;
        Description = description;
    }

    public int Id { get; private set; }
    public SubmissionKind? Kind { get; private set; }
    public string? FieldCode { get; private set; }
    public string? LocalityCode { get; private set; }
    public string? TargetAgencyCode { get; private set; }
    public bool ToLocalityAgency { get; private set; }

    /// <summary>Breaks ties between rules equally specific; higher wins.</summary>
    public int Priority { get; private set; }

    public bool IsActive { get; private set; } = true;

    /// <summary>
    /// Communes of <see cref="LocalityCode"/> the rule is limited to ("|"-separated codes, e.g. a
    /// province's border communes); null for the whole province. Commune codes are unique only within a province.
    /// </summary>
    public string? CommuneCodes { get; private set; }

    public IReadOnlyList<string> Communes => string.IsNullOrEmpty(CommuneCodes) ? [] : CommuneCodes.Split('|');
    public string Description { get; private set; }

    /// <summary>How many criteria the rule pins down; a locality-agency rule needs a locality, so it counts one.</summary>
    public int Specificity =>
        (Kind is null ? 0 : 1) + (FieldCode is null ? 0 : 1) + (LocalityCode is null && !ToLocalityAgency ? 0 : 1)
        + (CommuneCodes is null ? 0 : 1);

    public bool Matches(SubmissionKind kind, string fieldCode, string? localityCode, string? communeCode = null) =>
        IsActive
        && (Kind is null || Kind == kind)
        && (FieldCode is null || FieldCode == fieldCode)
        && (LocalityCode is null || LocalityCode == localityCode)
        && (CommuneCodes is null || (communeCode is not null && Communes.Contains(communeCode)))
        && (!ToLocalityAgency || localityCode is not null);

    /// <summary>Limits the rule to some communes of its province; none (empty) lifts the limit.</summary>
    public void LimitToCommunes(IEnumerable<string> communeCodes)
    {
        var codes = communeCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList();
        if (codes.Count > 0 && LocalityCode is null)
        {
            throw new ArgumentException("Communes are codes within a province: a commune rule names its province.");
        }

        CommuneCodes = codes.Count == 0 ? null : string.Join('|', codes);
    }

    public void Update(SubmissionKind? kind, string? fieldCode, string? localityCode, string? targetAgencyCode,
        bool toLocalityAgency, int priority, string description, bool isActive)
    {
        if (targetAgencyCode is null == !toLocalityAgency)
        {
            throw new ArgumentException("A rule names a target agency or routes to the locality's agency, not both.");
        }

        if (localityCode != LocalityCode)
        {
            CommuneCodes = null; // commune codes mean nothing in another province
        }

        Kind = kind;
        FieldCode = fieldCode;
        LocalityCode = localityCode;
        TargetAgencyCode = targetAgencyCode;
        ToLocalityAgency = toLocalityAgency;
        Priority = priority;
        Description = description;
        IsActive = isActive;
    }
}
