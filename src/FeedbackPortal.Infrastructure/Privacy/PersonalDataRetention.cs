using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Privacy;

/// <summary>Settings under "Privacy" (PolicyVersion is read by intake).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Years after a finished case's last change when its personal fields are erased (Decree 13/2023: no longer than needed).</summary>
    public int RetentionYears { get; set; } = 5;

    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// The retention job: every Privacy:RetentionCheckInterval it erases the personal fields of finished
/// cases (<see cref="Submission.ErasableStates"/>) not changed for Privacy:RetentionYears — the
/// submitter's contact, the original text, notes, and the files they uploaded — keeping the anonymous
/// statistics and the approved public text (<see cref="Submission.ErasePersonalData"/>). One replica at
/// a time (a job lease); each case is saved with its SubmissionChanged on its own, so the index follows.
/// </summary>
public sealed class PersonalDataRetention(
    IServiceScopeFactory scopes,
    IOptions<PrivacyOptions> options,
    TimeProvider clock,
    ILogger<PersonalDataRetention> logger) : LeasedPeriodicJob<int>(scopes, clock, logger)
{
    public const string LeaseName = "personal-data-retention";
    private const int BatchSize = 100;
    protected override string Lease => LeaseName;
    protected override TimeSpan LeaseDuration => TimeSpan.FromMinutes(30);
    protected override TimeSpan Interval => options.Value.RetentionCheckInterval;
    protected override string JobName => "Retention pass";
    protected override int NotRun => 0;

    /// <summary>One pass at <paramref name="now"/> (tests call this with a moved clock); returns how many cases were erased.</summary>
    public Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunPassAsync(now, cancellationToken);

    protected override async Task<int> RunLeasedAsync(IServiceProvider services, PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        // The web host registers the store; the worker host builds it from the same settings.
        var files = ActivatorUtilities.GetServiceOrCreateInstance<AttachmentStore>(services);
        var erased = await EraseAsync(db, files, now, ct);
        if (erased > 0)
        {
            Logger.LogInformation("Retention: erased the personal data of {Count} case(s).", erased);
        }

        return erased;
    }

    private async Task<int> EraseAsync(PortalDbContext db, AttachmentStore files, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.AddYears(-options.Value.RetentionYears);
        var erasable = Submission.ErasableStates.ToList();
        var total = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            var batch = await db.Submissions.Include(s => s.Timeline).AsSplitQuery()
                .Where(s => erasable.Contains(s.Status) && s.PersonalDataErasedAt == null && s.UpdatedAt < cutoff)
                .OrderBy(s => s.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var s in batch)
            {
                s.ErasePersonalData(now);
                // The submitter's own uploads are personal data; files staff published with the answer stay.
                var uploads = await db.Attachments.Where(a => a.SubmissionId == s.Id && a.Purpose == AttachmentPurpose.Submission).ToListAsync(ct);
                db.Attachments.RemoveRange(uploads);
                db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, "personal_data_erased", now));
                await db.SaveChangesAsync(ct);
                foreach (var upload in uploads)
                {
                    files.Delete(upload);
                }

                total++;
            }
        }
    }
}

public static class PersonalDataRetentionRegistration
{
    /// <summary>One instance: the hosted loop and tests' RunOnceAsync share it. Bad settings stop the start-up.</summary>
    public static IServiceCollection AddPersonalDataRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        if (options.RetentionYears < 1 || options.RetentionCheckInterval <= TimeSpan.Zero)
        {
            throw new PortalConfigurationException(
                "Privacy:RetentionYears must be at least 1 and Privacy:RetentionCheckInterval positive.");
        }

        services.Configure<PrivacyOptions>(configuration.GetSection(PrivacyOptions.Section));
        services.AddSingleton<PersonalDataRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<PersonalDataRetention>());
        return services;
    }
}
