using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Features.Home;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Frontend;

public sealed class HomeFiguresPortalHost() : PortalHost(new PortalHostOptions());

/// <summary>The home page's headline figures come from the cases in the database.</summary>
public sealed class HomeFiguresTests(HomeFiguresPortalHost portal) : IClassFixture<HomeFiguresPortalHost>
{
    [Fact]
    public async Task Received_answered_on_time_and_median_days_are_computed_from_the_cases()
    {
        using var client = portal.CreateClient();
        var codes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add(await client.SubmitAsync(PortalApi.Feedback(title: $"Phản ánh số {i + 1} về dịch vụ công trực tuyến")));
        }

        foreach (var code in codes)
        {
            await client.WaitForStatusAsync(code, "delivered", Patience.Background);
        }

        // Three answered after 2, 4 and 40 days (the last one after its 15-working-day deadline); one still open.
        double[] days = [2, 4, 40];
        await portal.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            for (var i = 0; i < days.Length; i++)
            {
                var s = await db.Submissions.Include(x => x.Timeline).SingleAsync(x => x.TrackingCode == codes[i]);
                var at = s.SubmittedAt.AddDays(days[i]);
                s.StartWork("officer", at.AddHours(-1));
                s.AnswerWith("Cơ quan đã khắc phục sự cố.", "officer", at);
            }

            await db.SaveChangesAsync();
        });

        var figures = await portal.InScopeAsync(sp =>
            new HomeFiguresQuery(sp.GetRequiredService<PortalDbContext>(), new MemoryCache(new MemoryCacheOptions())).GetAsync(CancellationToken.None));

        Assert.Equal(4, figures.Received);
        Assert.Equal(3, figures.Answered);
        Assert.Equal(2, figures.AnsweredOnTime);
        Assert.Equal(4, figures.MedianDaysToAnswer!.Value, precision: 3);
        Assert.Null(figures.Satisfaction);
        Assert.Equal(0, figures.Ratings);

        // The page shows them (in a fresh host the 60-second cache may hold an older value, so
        // only the shape is checked here; the numbers are checked above).
        var html = await client.GetStringAsync("/?culture=en");
        Assert.Contains("data-figure=\"median-days\"", html, StringComparison.Ordinal);
        Assert.Contains("Answered on time", html, StringComparison.Ordinal);
    }
}
