using System.Net;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

public sealed class PostgresStaffHost() : PortalHost(new PortalHostOptions { Postgres = true });

/// <summary>The same case work on PostgreSQL: actions, audit, the job lease and escalation queries.</summary>
public sealed class PostgresCaseWorkTests(PostgresStaffHost host) : IClassFixture<PostgresStaffHost>
{
    [Fact]
    public async Task Case_actions_audit_and_the_deadline_job_work_on_PostgreSQL()
    {
        var client = host.CreateClient();
        var code = await client.DeliveredCaseAsync("PostgreSQL: xử lý hồ sơ");
        using (var assign = await client.AgencyPostAsync(Ministry, $"/api/v1/agency/cases/{code}/assign", new { officer = PortalApi.Officer(Ministry) }))
        {
            Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        }

        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        Assert.Contains(code, await officer.GetStringAsync($"/staff/cases/{code}?contact=true"));
        Assert.Contains($"data-tracking-code=\"{code}\"", await officer.GetStringAsync("/staff/inbox?view=mine"));

        var monitor = host.Services.GetRequiredService<DeadlineMonitor>();
        var pass = await monitor.RunOnceAsync(DateTimeOffset.UtcNow.AddDays(40), default);
        Assert.True(pass.Ran);
        Assert.True(pass.EscalatedToHead >= 1);
        await PickupMail.WaitForAsync(host, m => m.Subject.Contains(code) && m.To == PortalApi.Head(Ministry));

        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Trả lời trên PostgreSQL.")), code);
        Assert.Equal("answered", await client.StatusOfAsync(code));
        var actions = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.TrackingCode == code).Select(e => e.Action).ToListAsync());
        Assert.Equal(["case.answer", "case.assign", "case.view_contact"], actions.Order(StringComparer.Ordinal));
    }
}
