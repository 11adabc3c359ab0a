using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Ratings;

public enum RatingPanelState
{
    /// <summary>The answer can be rated, but only through the e-mailed link (none or an invalid one was given).</summary>
    NeedsLink,
    Form,
    Rated,
}

/// <summary>The rating section of the public status page.</summary>
public sealed class RatingPanel
{
    public required string Code { get; init; }
    public required RatingPanelState State { get; init; }
    public string? Token { get; init; }
    public bool LinkRejected { get; init; }
    public bool JustRated { get; init; }
    public SatisfactionLevel? Level { get; init; }
    public string? Comment { get; init; }
    public bool RequestReview { get; init; }
    public string? Error { get; init; }
    public string? ErrorField { get; init; }
}

/// <summary>Decides what the status page shows about rating the current answer (one narrow read).</summary>
public sealed class RatingPanels(PortalDbContext db, RatingLinks links)
{
    public async Task<RatingPanel?> ForAsync(string code, string? token, bool justRated, CancellationToken ct)
    {
        var ratable = Submission.RatableStates.ToList();
        var s = await db.Submissions.AsNoTracking().Where(x => x.TrackingCode == code)
            .Select(x => new
            {
                x.Status,
                x.AnsweredAt,
                Rating = x.Ratings.Where(r => r.AnsweredAt == x.AnsweredAt).Select(r => (SatisfactionLevel?)r.Level).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (s is null || s.AnsweredAt is null || !ratable.Contains(s.Status))
        {
            return null;
        }

        if (s.Rating is { } level)
        {
            return new RatingPanel { Code = code, State = RatingPanelState.Rated, Level = level, JustRated = justRated };
        }

        var valid = links.Matches(token, code, s.AnsweredAt);
        return new RatingPanel
        {
            Code = code,
            State = valid ? RatingPanelState.Form : RatingPanelState.NeedsLink,
            Token = valid ? token : null,
            LinkRejected = !valid && !string.IsNullOrEmpty(token),
        };
    }
}

public static class RatingsRegistration
{
    public static IServiceCollection AddRatings(this IServiceCollection services)
    {
        services.AddSingleton<RatingLinks>();
        services.AddScoped<RatingPanels>();
        services.AddScoped<RateHandler>();
        return services;
    }
}

/// <summary>Marker for the ratings feature's texts.</summary>
public sealed class RatingsText;
