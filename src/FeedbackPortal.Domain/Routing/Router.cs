using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Routing;

public sealed record RoutingDecision(string AgencyCode, RoutingRule? Rule)
{
    public string Describe() => Rule is null
        ? "No routing rule matched: central triage."
        : $"Rule #{Rule.Id}: {Rule.Description}";
}

/// <summary>Picks the responsible agency: the most specific matching rule wins, then priority.</summary>
public static class Router
{
    public static RoutingDecision Decide(IEnumerable<RoutingRule> rules, SubmissionKind kind, string fieldCode,
        string? localityCode, Func<string, string?> agencyOfLocality, string? communeCode = null)
    {
        ArgumentNullException.ThrowIfNull(agencyOfLocality);
        var candidates = rules
            .Where(r => r.Matches(kind, fieldCode, localityCode, communeCode))
            .OrderByDescending(r => r.Specificity)
            .ThenByDescending(r => r.Priority)
            .ThenBy(r => r.Id);

        foreach (var rule in candidates)
        {
            var agency = rule.ToLocalityAgency ? agencyOfLocality(localityCode!) : rule.TargetAgencyCode;
            if (agency is not null)
            {
                return new RoutingDecision(agency, rule);
            }
        }

        return new RoutingDecision(Agency.CentralTriage, null);
    }
}
