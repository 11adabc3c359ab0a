using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Sla;

public sealed record DeadlinePass(bool Ran, int Reminded, int EscalatedToHead, int EscalatedToCoordinator);

/// <summary>
/// The deadline job: every Sla:CheckInterval it reminds assignees of cases due soon or overdue
/// (once a day per case), escalates overdue cases to the agency head (level 1) and, after
/// Sla:CoordinatorEscalationDelay, to the coordinators (level 2). One replica at a time (a job
/// lease); each case is saved on its own with its e-mails in the outbox, so a crash mid-pass
/// loses nothing and repeats nothing.
/// </summary>
public sealed class DeadlineMonitor(
    IServiceScopeFactory scopes,
    IOptions<SlaOptions> options,
    IOptions<PortalOptions> portal,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    ILogger<DeadlineMonitor> logger) : BackgroundService
{
    public const string LeaseName = "deadline-monitor";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);
    private readonly Guid _instance = Guid.NewGuid();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Deadline check failed; next attempt in {Interval}.", options.Value.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass at <paramref name="now"/> (tests call this with a moved clock).</summary>
    public async Task<DeadlinePass> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await JobLease.TryTakeAsync(db, LeaseName, _instance, now, LeaseDuration, cancellationToken))
        {
            return new DeadlinePass(false, 0, 0, 0);
        }

        try
        {
            return await CheckAsync(db, now, cancellationToken);
        }
        finally
        {
            await JobLease.ReleaseAsync(db, LeaseName, _instance, CancellationToken.None);
        }
    }

    private async Task<DeadlinePass> CheckAsync(PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var sla = options.Value;
        var dueSoonLimit = deadlines.Calendar.AddWorkingDays(now, sla.DueSoonWorkingDays);
        var running = Submission.ClockRunningStates.ToList();
        var startOfToday = new DateTimeOffset(WorkingCalendar.LocalDate(now).ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset)
            .ToUniversalTime();
        // Only cases with something left to do: a reminder not yet sent today, or an escalation level still to reach.
        var ids = await db.Submissions.AsNoTracking()
            .Where(s => running.Contains(s.Status) && s.ClockPausedAt == null && s.Deadline != null && s.Deadline <= dueSoonLimit)
            .Where(s => (s.AssigneeId != null && (s.LastRemindedAt == null || s.LastRemindedAt < startOfToday))
                || (s.Deadline < now && s.EscalationLevel < Submission.CoordinatorEscalation))
            .Select(s => s.Id)
            .ToListAsync(ct);

        var coordinators = await EmailsInRoleAsync(db, StaffRoles.Coordinator, null, ct);
        int reminded = 0, toHead = 0, toCoordinator = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            var s = await db.Submissions.Include(x => x.Timeline).AsSplitQuery().FirstAsync(x => x.Id == id, ct);
            var changed = false;
            var today = WorkingCalendar.LocalDate(now);
            if (s.AssigneeId is not null && (s.LastRemindedAt is not { } last || WorkingCalendar.LocalDate(last) < today))
            {
                var assignee = await db.Users.AsNoTracking().Where(u => u.Id == s.AssigneeId).Select(u => u.Email).FirstOrDefaultAsync(ct);
                if (assignee is not null)
                {
                    var overdue = s.IsOverdue(now);
                    s.RecordReminder(overdue ? "overdue" : "due_soon", now);
                    db.OutboxMessages.Add(Mail(EmailTemplates.Reminder, s, assignee, now, overdue));
                    reminded++;
                    changed = true;
                }
            }

            if (s.IsOverdue(now) && s.EscalationLevel < Submission.HeadEscalation)
            {
                var heads = await HeadEmailsAsync(db, s.AgencyCode!, ct);
                s.Escalate(Submission.HeadEscalation, "head: " + string.Join(", ", heads), now);
                foreach (var head in heads)
                {
                    db.OutboxMessages.Add(Mail(EmailTemplates.EscalationHead, s, head, now, overdue: true));
                }

                toHead++;
                changed = true;
            }
            else if (s.IsOverdue(now) && s.EscalationLevel == Submission.HeadEscalation
                && s.LastEscalatedAt is { } escalated && now - escalated >= sla.CoordinatorEscalationDelay)
            {
                s.Escalate(Submission.CoordinatorEscalation, "coordinators: " + string.Join(", ", coordinators), now);
                foreach (var coordinator in coordinators)
                {
                    db.OutboxMessages.Add(Mail(EmailTemplates.EscalationCoordinator, s, coordinator, now, overdue: true));
                }

                toCoordinator++;
                changed = true;
            }

            if (!changed)
            {
                continue;
            }

            db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, "deadline", now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // An officer acted on the case meanwhile; the next pass looks again.
                logger.LogInformation("Case {Code} changed during the deadline check; skipped.", s.TrackingCode);
            }
        }

        if (reminded + toHead + toCoordinator > 0)
        {
            logger.LogInformation("Deadline check: {Reminded} reminders, {Head} escalations to heads, {Coordinator} to coordinators.",
                reminded, toHead, toCoordinator);
        }

        return new DeadlinePass(true, reminded, toHead, toCoordinator);
    }

    private Outbox.OutboxMessage Mail(string template, Submission s, string to, DateTimeOffset now, bool overdue) =>
        CaseNotifications.Queue(template, s, to, "vi", now, portal.Value.PublicBaseUrl, new Dictionary<string, string>
        {
            ["overdueDays"] = s.Deadline is { } d && overdue ? Math.Max(0, deadlines.Calendar.WorkingDaysBetween(d, now)).ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            ["assignee"] = s.AssigneeName ?? "-",
        });

    /// <summary>The heads of an agency: staff in the Head role there, and the agency's configured head e-mail.</summary>
    public static async Task<List<string>> HeadEmailsAsync(PortalDbContext db, string agency, CancellationToken ct)
    {
        var heads = await EmailsInRoleAsync(db, StaffRoles.Head, agency, ct);
        var configured = await db.Agencies.AsNoTracking().Where(a => a.Code == agency).Select(a => a.HeadEmail).FirstOrDefaultAsync(ct);
        if (!string.IsNullOrWhiteSpace(configured) && !heads.Contains(configured, StringComparer.OrdinalIgnoreCase))
        {
            heads.Add(configured);
        }

        return heads;
    }

    internal static async Task<List<string>> EmailsInRoleAsync(PortalDbContext db, string role, string? agency, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var users = from u in db.Users
                    join ur in db.UserRoles on u.Id equals ur.UserId
                    where ur.RoleId == roleId && u.Email != null
                    select u;
        if (agency is not null)
        {
            users = from u in users
                    join m in db.StaffAgencies on u.Id equals m.UserId
                    where m.AgencyCode == agency
                    select u;
        }

        return (await users.Select(u => u.Email!).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal).ToList();
    }
}
