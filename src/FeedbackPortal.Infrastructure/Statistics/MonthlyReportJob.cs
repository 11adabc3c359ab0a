using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Scheduling;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Statistics;

/// <summary>One row per (month, agency or the whole country) whose report e-mails are queued: the unique key that makes the job exactly-once.</summary>
public sealed class MonthlyReportDispatch
{
    public string Month { get; set; } = string.Empty;

    /// <summary>An agency code, or <see cref="MonthlyReports.CountryCode"/> for the coordinators' national report.</summary>
    public string Scope { get; set; } = string.Empty;
    public int Recipients { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
}

public sealed record MonthlyReportPass(bool Ran, int Reports, int Emails);

/// <summary>Settings under "Reports".</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// The monthly report job: from the first working day of a month (the SLA calendar: weekends and
/// Sla:Holidays), each agency head gets the previous month's report of the agency and the coordinators
/// the national one. The e-mail carries the headline figures and links to the report page, CSV and
/// XLSX rather than attachments: the report is public anyway, the outbox rows stay small, the worker
/// host needs no file writers, and the links always serve the one query layer's figures. Exactly once:
/// one replica at a time (a job lease), and each (month, scope) is a primary key inserted in the same
/// transaction as its outbox rows, so a second worker, a retry or a restart sends nothing again; the
/// notification ids are derived from (month, scope, recipient) as well. Running every
/// Reports:CheckInterval from the first working day on (not only on it) means a portal that was down
/// that day still sends on its return.
/// </summary>
public sealed class MonthlyReportJob(
    IServiceScopeFactory scopes,
    IOptions<ReportOptions> options,
    IOptions<PortalOptions> portal,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    ILogger<MonthlyReportJob> logger) : BackgroundService
{
    public const string LeaseName = "monthly-report";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(30);
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
                    logger.LogWarning(ex, "Monthly report job failed; next attempt in {Interval}.", options.Value.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>The first working day of the month <paramref name="day"/> falls in.</summary>
    public DateOnly FirstWorkingDay(DateOnly day)
    {
        var d = new DateOnly(day.Year, day.Month, 1);
        while (!deadlines.Calendar.IsWorkingDay(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>One pass at <paramref name="now"/> (tests call this with a moved clock).</summary>
    public async Task<MonthlyReportPass> RunOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = WorkingCalendar.LocalDate(now);
        if (today < FirstWorkingDay(today))
        {
            return new MonthlyReportPass(false, 0, 0);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var period = StatisticsPeriod.PreviousMonth(now);
        if (!await JobLease.TryTakeAsync(db, LeaseName, _instance, now, LeaseDuration, ct))
        {
            return new MonthlyReportPass(false, 0, 0);
        }

        try
        {
            return await SendAsync(db, scope.ServiceProvider.GetRequiredService<StatisticsQuery>(), period, now, ct);
        }
        finally
        {
            await JobLease.ReleaseAsync(db, LeaseName, _instance, CancellationToken.None);
        }
    }

    private async Task<MonthlyReportPass> SendAsync(PortalDbContext db, StatisticsQuery statistics, StatisticsPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var done = (await db.MonthlyReportDispatches.AsNoTracking().Where(d => d.Month == period.Key).Select(d => d.Scope).ToListAsync(ct)).ToHashSet();
        var agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        var todo = agencies.Select(a => (Code: a.Code, Name: a.NameVi)).Prepend((Code: MonthlyReports.CountryCode, Name: "Toàn quốc"))
            .Where(s => !done.Contains(s.Code)).ToList();
        if (todo.Count == 0)
        {
            return new MonthlyReportPass(true, 0, 0);
        }

        // The same figures as the national report's rows: the dashboard's query layer, once for all agencies.
        var byAgency = (await statistics.BreakdownAsync(FigureScope.Country, period, Grouping.Agency, ct)).ToDictionary(r => r.Key, r => r.Figures);
        var country = await statistics.FiguresAsync(FigureScope.Country, period, ct);
        int reports = 0, emails = 0;
        foreach (var (code, name) in todo)
        {
            var national = code == MonthlyReports.CountryCode;
            var recipients = national
                ? await DeadlineMonitor.EmailsInRoleAsync(db, StaffRoles.Coordinator, null, ct)
                : await DeadlineMonitor.HeadEmailsAsync(db, code, ct);
            var figures = national ? country : byAgency.GetValueOrDefault(code) ?? new Figures();
            db.ChangeTracker.Clear();
            db.MonthlyReportDispatches.Add(new MonthlyReportDispatch { Month = period.Key, Scope = code, Recipients = recipients.Count, QueuedAt = now });
            foreach (var to in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var message = new NotificationRequested(IdFor(period.Key, code, to), EmailTemplates.MonthlyReport, null, to, "vi",
                    Values(period, national ? null : code, name, figures));
                db.OutboxMessages.Add(OutboxMessage.Send(message, Topology.NotificationsQueue, now));
            }

            try
            {
                await db.SaveChangesAsync(ct);
                reports++;
                emails += recipients.Count;
            }
            catch (DbUpdateException)
            {
                // Another replica queued this (month, scope) first: its e-mails are on their way, not ours.
                db.ChangeTracker.Clear();
            }
        }

        logger.LogInformation("Monthly report {Month}: {Reports} report(s), {Emails} e-mail(s) queued.", period.Key, reports, emails);
        return new MonthlyReportPass(true, reports, emails);
    }

    private Dictionary<string, string> Values(StatisticsPeriod period, string? agency, string name, Figures f)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        string Pct(double? v) => v is { } x ? x.ToString("0.#", vi) + " %" : "-";
        var query = $"?year={period.From.Year}&month={period.From.Month}" + (agency is null ? "" : "&agency=" + Uri.EscapeDataString(agency));
        var baseUrl = portal.Value.PublicBaseUrl.TrimEnd('/');
        return new Dictionary<string, string>
        {
            ["month"] = period.Label,
            ["scope"] = name,
            ["received"] = f.Received.ToString("N0", vi),
            ["answered"] = f.Answered.ToString("N0", vi),
            ["onTime"] = Pct(f.OnTimePercent),
            ["overdue"] = f.OverdueNow.ToString("N0", vi),
            ["satisfied"] = Pct(f.Share(SatisfactionLevel.Satisfied)),
            ["ratings"] = f.Ratings.ToString("N0", vi),
            ["reportUrl"] = $"{baseUrl}/bao-cao{query}",
            ["csvUrl"] = $"{baseUrl}/bao-cao/csv{query}",
            ["xlsxUrl"] = $"{baseUrl}/bao-cao/xlsx{query}",
        };
    }

    /// <summary>A stable notification id per (month, scope, recipient): a repeated send replaces, never adds.</summary>
    public static Guid IdFor(string month, string scope, string to)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"monthly-report|{month}|{scope}|{to.ToLowerInvariant()}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}

public static class MonthlyReportJobRegistration
{
    /// <summary>One instance: the hosted loop and tests' RunOnceAsync share it.</summary>
    public static IServiceCollection AddMonthlyReportJob(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<ReportOptions>(configuration.GetSection(ReportOptions.Section)) ?? new ReportOptions();
        if (options.CheckInterval <= TimeSpan.Zero)
        {
            throw new PortalConfigurationException("Reports:CheckInterval must be positive.");
        }

        services.Configure<ReportOptions>(configuration.GetSection(ReportOptions.Section));
        services.AddSingleton<MonthlyReportJob>();
        services.AddHostedService(sp => sp.GetRequiredService<MonthlyReportJob>());
        return services;
    }
}
