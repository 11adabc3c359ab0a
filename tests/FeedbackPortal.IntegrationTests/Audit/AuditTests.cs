using System.Net;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Audit;

public sealed class AuditTests(StaffHost host) : IClassFixture<StaffHost>
{
    [Fact]
    public async Task Viewing_the_contact_and_every_action_are_recorded_and_coordinators_can_search_them()
    {
        var client = host.CreateClient();
        var code = await client.DeliveredCaseAsync("Nhật ký: xem dữ liệu cá nhân");
        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        officer.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTest/1.0");

        var page = await officer.GetStringAsync($"/staff/cases/{code}");
        Assert.DoesNotContain("an.nguyen@example.vn", page);
        var contact = await officer.GetStringAsync($"/staff/cases/{code}?contact=true");
        Assert.Contains("an.nguyen@example.vn", contact);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "notes", ("note", "Ghi chú để kiểm tra nhật ký")), code);
        using (var api = await client.AgencyPostAsync(Ministry, $"/api/v1/agency/cases/{code}/notes", new { text = "Từ hệ thống của Bộ" }))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        var entries = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.TrackingCode == code).OrderBy(e => e.Id).ToListAsync());
        Assert.Collection(entries,
            e =>
            {
                Assert.Equal("case.view_contact", e.Action);
                Assert.Equal(PortalApi.Officer(Ministry), e.ActorName);
                // "From where": the user agent here; the in-process test server has no remote IP (Kestrel records it).
                Assert.Equal("AuditTest/1.0", e.UserAgent);
            },
            e => Assert.Equal("case.note", e.Action),
            e =>
            {
                Assert.Equal("case.note", e.Action);
                Assert.True(e.IsApiClient);
            });

        var coordinator = await host.StaffAsync(PortalApi.Coordinator);
        var search = await coordinator.GetStringAsync($"/staff/audit?q={code}&user=officer@bo-khcn");
        Assert.Contains("data-audit-action=\"case.view_contact\"", search);
        Assert.DoesNotContain("(API)", search);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd");
        Assert.Contains("case.note", await coordinator.GetStringAsync($"/staff/audit?q={code}&from={today}&to={today}"));
        Assert.DoesNotContain($"data-tracking-code=\"{code}\"", await coordinator.GetStringAsync($"/staff/audit?q={code}&from=2020-01-01&to=2020-01-02"));

        using var forbidden = await officer.GetAsync("/staff/audit");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
