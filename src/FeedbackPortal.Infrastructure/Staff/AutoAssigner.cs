using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Staff;

/// <summary>Settings under "Assignment".</summary>
public sealed class AssignmentOptions
{
    public const string Section = "Assignment";

    /// <summary>Agencies whose delivered cases are assigned automatically; "*" for all.</summary>
    public List<string> RoundRobinAgencies { get; set; } = [];

    public bool AppliesTo(string agencyCode) =>
        RoundRobinAgencies.Contains("*") || RoundRobinAgencies.Contains(agencyCode, StringComparer.Ordinal);
}

/// <summary>
/// Round-robin assignment of delivered cases among an agency's active officers. The "turn" is
/// derived from the data rather than stored: the officer with the fewest open cases goes next
/// (ties by id), which is round-robin while nothing closes and fair when something does.
/// </summary>
public sealed class AutoAssigner(PortalDbContext db, IOptions<AssignmentOptions> options)
{
    /// <summary>Assigns the (tracked) case when its agency takes part; the caller saves.</summary>
    public async Task<bool> AssignAsync(Submission submission, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (submission.AgencyCode is not { } agency || submission.AssigneeId is not null || !options.Value.AppliesTo(agency)
            || !Submission.AssignableStates.Contains(submission.Status))
        {
            return false;
        }

        var officers = await ActiveOfficersAsync(agency, at, cancellationToken);
        if (officers.Count == 0)
        {
            return false;
        }

        var open = Submission.WorkableStates.ToList();
        var load = await db.Submissions.AsNoTracking()
            .Where(s => s.AgencyCode == agency && s.AssigneeId != null && open.Contains(s.Status))
            .GroupBy(s => s.AssigneeId!)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        var next = officers
            .OrderBy(o => load.GetValueOrDefault(o.Id))
            .ThenBy(o => o.Id, StringComparer.Ordinal)
            .First();
        submission.Assign(next.Id, next.Name, Submission.SystemActor, at);
        return true;
    }

    private async Task<List<(string Id, string Name)>> ActiveOfficersAsync(string agency, DateTimeOffset at, CancellationToken ct)
    {
        var officerRole = await db.Roles.Where(r => r.Name == StaffRoles.Officer).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var rows = await (
                from m in db.StaffAgencies
                join u in db.Users on m.UserId equals u.Id
                join ur in db.UserRoles on u.Id equals ur.UserId
                where m.AgencyCode == agency && ur.RoleId == officerRole
                select new { u.Id, u.DisplayName, u.Email, u.LockoutEnd })
            .ToListAsync(ct);
        return rows.Where(r => r.LockoutEnd is null || r.LockoutEnd < at)
            .Select(r => (r.Id, string.IsNullOrEmpty(r.DisplayName) ? r.Email ?? r.Id : r.DisplayName))
            .Distinct()
            .ToList();
    }
}

public static class StaffRegistration
{
    public static IServiceCollection AddPortalStaff(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AssignmentOptions>().Bind(configuration.GetSection(AssignmentOptions.Section));
        services.AddScoped<AutoAssigner>();
        return services;
    }
}
