using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Reports;

/// <summary>Sunday 1 November 2026, 09:00 in Hanoi: the day before November's first working day.</summary>
public sealed class ReportJobHost() : ClockedPortalHost(new PortalHostOptions(), new TestClock(Hanoi(2026, 11, 1, 9)))
{
    public static DateTimeOffset Hanoi(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(7));
}

public sealed class MonthlyReportJobTests(ReportJobHost host) : IClassFixture<ReportJobHost>
{
    private MonthlyReportJob Job => host.Services.GetRequiredService<MonthlyReportJob>();

    [Fact]
    public void The_first_working_day_comes_from_the_working_day_calendar_with_its_holidays()
    {
        Assert.Equal(new DateOnly(2026, 11, 2), Job.FirstWorkingDay(new DateOnly(2026, 11, 20))); // 1 Nov is a Sunday
        Assert.Equal(new DateOnly(2027, 1, 4), Job.FirstWorkingDay(new DateOnly(2027, 1, 15)));   // 1 Jan is a holiday, then a weekend
        Assert.Equal(new DateOnly(2026, 10, 1), Job.FirstWorkingDay(new DateOnly(2026, 10, 31)));
    }

    [Fact]
    public async Task On_the_first_working_day_each_head_and_the_coordinators_get_Octobers_report_exactly_once_across_two_workers_and_a_restart()
    {
        host.Clock.SetUtcNow(ReportJobHost.Hanoi(2026, 11, 1, 9));
        Assert.False((await Job.RunOnceAsync(host.Clock.GetUtcNow(), default)).Ran);

        // Monday 2 November: two workers at once (two instances, as two processes would have), then a restarted one.
        host.Clock.SetUtcNow(ReportJobHost.Hanoi(2026, 11, 2, 0));
        var other = ActivatorUtilities.CreateInstance<MonthlyReportJob>(host.Services);
        var passes = await Task.WhenAll(Job.RunOnceAsync(host.Clock.GetUtcNow(), default), other.RunOnceAsync(host.Clock.GetUtcNow(), default));
        var restarted = ActivatorUtilities.CreateInstance<MonthlyReportJob>(host.Services);
        var again = await restarted.RunOnceAsync(host.Clock.GetUtcNow().AddHours(3), default);
        Assert.True(again.Ran);
        Assert.Equal((0, 0), (again.Reports, again.Emails));

        var (agencies, dispatches) = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            return (await db.Agencies.CountAsync(), await db.MonthlyReportDispatches.Where(d => d.Month == "2026-10").ToListAsync());
        });
        Assert.Equal(agencies + 1, dispatches.Count);
        Assert.Equal(agencies + 1, passes.Sum(p => p.Reports));
        var emails = passes.Sum(p => p.Emails);
        Assert.True(emails >= agencies + 1, "every agency has a head and there is a coordinator");

        var mails = await PickupMail.WaitForAsync(host, m => m.Subject.StartsWith("Báo cáo tháng 10/2026", StringComparison.Ordinal), count: emails);
        await Eventually.UntilAsync(() => host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().OutboxMessages.CountAsync(o => o.DispatchedAt == null)),
            n => n == 0, Patience.Background, "the outbox drained");
        mails = PickupMail.All(host).Where(m => m.Subject.StartsWith("Báo cáo tháng 10/2026", StringComparison.Ordinal)).ToList();
        Assert.Equal(emails, mails.Count);
        Assert.All(mails.GroupBy(m => m.To), g => Assert.Single(g));
        var head = Assert.Single(mails, m => m.To == PortalApi.Head("bo-khcn"));
        Assert.Contains("/bao-cao?year=2026&month=10&agency=bo-khcn", head.Body);
        Assert.Contains("/bao-cao/xlsx?year=2026&month=10&agency=bo-khcn", head.Body);
        var coordinator = Assert.Single(mails, m => m.To == PortalApi.Coordinator);
        Assert.Contains("Toàn quốc", coordinator.Subject);
        Assert.Contains("/bao-cao/csv?year=2026&month=10", coordinator.Body);
        Assert.DoesNotContain("agency=", coordinator.Body);

        // Later in the month nothing more goes out; December's first working day sends November's.
        Assert.Equal(0, (await Job.RunOnceAsync(ReportJobHost.Hanoi(2026, 11, 20, 9), default)).Reports);
        Assert.Equal(MonthlyReportJob.IdFor("2026-10", "bo-khcn", PortalApi.Head("bo-khcn")), MonthlyReportJob.IdFor("2026-10", "bo-khcn", PortalApi.Head("BO-KHCN")));
        Assert.True(EmailTemplates.Exists(EmailTemplates.MonthlyReport));
    }
}
