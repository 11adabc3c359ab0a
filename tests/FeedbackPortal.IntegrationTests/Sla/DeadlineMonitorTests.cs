using System.Net;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Sla;

/// <summary>Monday 23 Nov 2026, 09:00 in Hanoi: deadlines below are counted from here.</summary>
public sealed class SlaHost() : ClockedPortalHost(
    new PortalHostOptions { Settings = { ["Sla:CoordinatorEscalationDelay"] = "1.00:00:00" } },
    new TestClock(Hanoi(2026, 11, 23, 9)))
{
    public static DateTimeOffset Hanoi(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.FromHours(7));
}

public sealed partial class DeadlineMonitorTests(SlaHost host) : IClassFixture<SlaHost>
{
    private readonly HttpClient _client = host.CreateClient();

    private DeadlineMonitor Monitor => host.Services.GetRequiredService<DeadlineMonitor>();

    [Fact]
    public async Task Reminders_go_once_a_day_then_overdue_cases_escalate_to_the_head_and_later_to_the_coordinators()
    {
        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 11, 23, 9));
        var code = await _client.DeliveredCaseAsync("Hạn xử lý: nhắc và báo cáo");
        // 15 working days after Monday 23 Nov, over two weekends: Monday 14 Dec, end of day.
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 23, 59, 59, TimeSpan.FromHours(7)), (await _client.StatusAsync(code)).GetProperty("deadline").GetDateTimeOffset());
        using (var assign = await _client.AgencyPostAsync(Ministry, $"/api/v1/agency/cases/{code}/assign", new { officer = PortalApi.Officer(Ministry) }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        }

        Assert.True((await Monitor.RunOnceAsync(host.Clock.GetUtcNow(), default)).Ran);
        Assert.Empty(Mails(code));

        // Friday 11 Dec: due within 2 working days → one reminder to the assignee, only once that day.
        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 12, 11, 10));
        await Monitor.RunOnceAsync(host.Clock.GetUtcNow(), default);
        await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == PortalApi.Officer(Ministry));
        await Monitor.RunOnceAsync(host.Clock.GetUtcNow().AddHours(2), default);
        await Task.Delay(1500);
        Assert.Single(Mails(code), m => m.To == PortalApi.Officer(Ministry));
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        Assert.Contains($"data-tracking-code=\"{code}\"", await officer.GetStringAsync("/staff/inbox?view=due-soon"));
        Assert.DoesNotContain($"data-tracking-code=\"{code}\"", await officer.GetStringAsync("/staff/inbox?view=overdue"));
        Assert.Contains("data-working-days-left=\"1\"", await officer.GetStringAsync($"/staff/cases/{code}"));

        // Tuesday 15 Dec: overdue → a new day's reminder and escalation to the agency head (level 1).
        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 12, 15, 10));
        var pass = await Monitor.RunOnceAsync(host.Clock.GetUtcNow(), default);
        Assert.True(pass.EscalatedToHead >= 1);
        var headMail = await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == PortalApi.Head(Ministry));
        Assert.Contains("quá hạn", headMail[0].Subject);
        await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == PortalApi.Officer(Ministry), count: 2);
        Assert.DoesNotContain(Mails(code), m => m.To == PortalApi.Coordinator);

        // Half a day later: the coordinator delay (1 day here) has not passed.
        await Monitor.RunOnceAsync(host.Clock.GetUtcNow().AddHours(12), default);
        Assert.DoesNotContain(Mails(code), m => m.To == PortalApi.Coordinator);

        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 12, 16, 11));
        var second = await Monitor.RunOnceAsync(host.Clock.GetUtcNow(), default);
        Assert.True(second.EscalatedToCoordinator >= 1);
        await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == PortalApi.Coordinator);

        var head = await host.StaffAsync(PortalApi.Head(Ministry));
        var page = await head.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("data-escalation=\"2\"", page);
        Assert.Contains("data-event=\"Escalated\"", page);
        Assert.Contains("data-event=\"Reminded\"", page);
        var overdue = await head.GetStringAsync("/staff/inbox?view=overdue");
        Assert.Contains($"data-tracking-code=\"{code}\"", overdue);
    }

    [Fact]
    public async Task Needs_info_pauses_the_clock_and_the_submitters_answer_resumes_it_with_the_days_that_were_left()
    {
        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 11, 23, 9));
        var code = await _client.DeliveredCaseAsync("Tạm dừng tính hạn khi chờ bổ sung");
        using (var ask = await _client.AgencyPostAsync(Ministry, $"/api/v1/agency/cases/{code}/request-info", new { question = "Xin gửi thêm địa chỉ cụ thể." }))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        }

        var mail = (await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == "an.nguyen@example.vn"
            && m.Body.Contains("/respond?token=", StringComparison.Ordinal)))[0];
        var link = new Uri(RespondLink().Match(mail.Body).Value);

        // Sunday 20 Dec: past the original deadline, but the clock is paused: no reminder, no escalation.
        host.Clock.SetUtcNow(SlaHost.Hanoi(2026, 12, 20, 9));
        await Monitor.RunOnceAsync(host.Clock.GetUtcNow(), default);
        Assert.Equal("needs_info", await _client.StatusOfAsync(code));

        using (var forged = await _client.GetAsync($"/status/{code}/respond?token=forged"))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }

        var form = link.PathAndQuery;
        Assert.Contains("Xin gửi thêm địa chỉ cụ thể.", await _client.GetStringAsync(form));
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        using (var empty = await _client.PostFormAsync(form, $"/status/{code}/respond", [new("token", token), new("information", " ")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var respond = await _client.PostFormAsync(form, $"/status/{code}/respond", [new("token", token), new("information", "Số 12 phố Huế, Hà Nội")]))
        {
            Assert.Equal(HttpStatusCode.OK, respond.StatusCode);
        }

        var status = await _client.StatusAsync(code);
        Assert.Equal("in_progress", status.GetProperty("status").GetString());
        // 15 working days were left; from Sunday 20 Dec they end on Monday 11 Jan 2027 (1 Jan is a holiday).
        Assert.Equal(new DateTimeOffset(2027, 1, 11, 23, 59, 59, TimeSpan.FromHours(7)), status.GetProperty("deadline").GetDateTimeOffset());

        using var again = await _client.PostFormAsync(form, $"/status/{code}/respond", [new("token", token), new("information", "Lần nữa")]);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    private IReadOnlyList<PickupMail.Mail> Mails(string code) =>
        PickupMail.All(host).Where(m => m.Subject.Contains(code) && m.To != "an.nguyen@example.vn").ToList();

    [GeneratedRegex(@"http://localhost/status/[A-Z0-9-]+/respond\?token=[^\s]+")]
    private static partial Regex RespondLink();
}
