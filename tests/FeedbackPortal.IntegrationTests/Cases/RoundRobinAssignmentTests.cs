using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;

namespace FeedbackPortal.IntegrationTests.Cases;

public sealed class RoundRobinHost() : PortalHost(new PortalHostOptions
{
    Settings = { ["Assignment:RoundRobinAgencies:0"] = "bo-khcn" },
});

public sealed class RoundRobinAssignmentTests(RoundRobinHost host) : IClassFixture<RoundRobinHost>
{
    [Fact]
    public async Task Delivered_cases_are_shared_in_turn_among_the_agencys_officers()
    {
        var client = host.CreateClient();
        var admin = await host.StaffAsync("admin@feedback.local");
        using (var created = await admin.PostFormAsync("/staff/admin", "/staff/admin/staff",
                   [new("email", "officer2@bo-khcn.feedback.local"), new("displayName", "Cán bộ thứ hai"), new("role", "Officer"),
                    new("password", "Another@12345"), new("agencies", Ministry)]))
        {
            Assert.Equal("/staff/admin", created.RequestMessage!.RequestUri!.AbsolutePath);
        }

        var codes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add(await client.DeliveredCaseAsync($"Phân công lần lượt {i}"));
        }

        var assignees = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .Where(s => codes.Contains(s.TrackingCode)).Select(s => s.AssigneeId).ToListAsync());
        Assert.All(assignees, Assert.NotNull);
        Assert.Equal(2, assignees.Distinct().Count());
        Assert.All(assignees.GroupBy(a => a), g => Assert.Equal(2, g.Count()));

        // Another agency is not in the list: its cases stay unassigned.
        var other = await client.DeliveredCaseAsync("Không phân công tự động", field: "thu-tuc-hanh-chinh", locality: "ha-noi");
        var otherAssignee = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .Where(s => s.TrackingCode == other).Select(s => s.AssigneeId).FirstAsync());
        Assert.Null(otherAssignee);
    }
}
