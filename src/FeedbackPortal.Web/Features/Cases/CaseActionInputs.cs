namespace FeedbackPortal.Web.Features.Cases;

/// <summary>
/// Who acts on a case. <see cref="Agencies"/> null means every agency (coordinators); the staff UI
/// and the agency API build it differently but go through the same <see cref="CaseActions"/>.
/// </summary>
public sealed record CaseActor(string Id, IReadOnlyCollection<string>? Agencies, bool CanApprove)
{
    public bool Sees(string? agency) => Agencies is null || (agency is not null && Agencies.Contains(agency));
}

/// <summary>Initiative evaluation criteria, each 0–25: feasibility, impact, cost, readiness.</summary>
public sealed record EvaluationScores(int Feasibility, int Impact, int Cost, int Readiness)
{
    public bool IsValid => new[] { Feasibility, Impact, Cost, Readiness }.All(v => v is >= 0 and <= 25);

    public int Total => Feasibility + Impact + Cost + Readiness;

    public string Describe() =>
        $"feasibility={Feasibility}/25; impact={Impact}/25; cost={Cost}/25; readiness={Readiness}/25; total={Total}/100";
}
