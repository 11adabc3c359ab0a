using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Statistics;
using FeedbackPortal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Statistics;

/// <summary>A portal of its own: the only cases in it are the ones <see cref="StatisticsTests"/> builds.</summary>
public sealed class StatisticsHost() : PortalHost(new PortalHostOptions());

/// <summary>
/// Every figure of the dashboard against cases built here with known answers, October 2026
/// (1 Oct is a Thursday; no public holiday in October).
/// </summary>
public sealed class StatisticsTests(StatisticsHost host) : IClassFixture<StatisticsHost>, IAsyncLifetime
{
    private const string Ministry = "bo-khcn";
    private const string Province = "ubnd-ha-noi";
    private static readonly StatisticsPeriod October = StatisticsPeriod.Month(2026, 10);
    private static readonly DateTimeOffset Far = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Oct(int day, int hour = 9) => new(2026, 10, day, hour, 0, 0, TimeSpan.FromHours(7));

    public async Task InitializeAsync()
    {
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            if (db.Submissions.Any())
            {
                return;
            }

            Submission Case(DateTimeOffset at, string agency, DateTimeOffset deadline, string? locality = null, SubmissionKind kind = SubmissionKind.Feedback)
            {
                var s = Submission.Create(new SubmissionDraft(kind, "Thống kê", "Nội dung", "the-che-chinh-sach", locality,
                    new Submitter("Người gửi", "a@example.vn", null, null, null), "2025-07", true, "vi"), TrackingCode.New(kind, at), at);
                s.Route(agency, null, "test", deadline, at);
                s.Deliver(agency, at);
                db.Submissions.Add(s);
                return s;
            }

            var a = Case(Oct(1), Ministry, Oct(22, 23), "ha-noi");           // answered Oct 6: 3 working days, on time, satisfied
            a.AnswerWith("Đã xử lý", "officer", Oct(6));
            a.Rate(SatisfactionLevel.Satisfied, null, false, Far, Oct(7));
            var b = Case(Oct(1), Ministry, Oct(22, 23), "ha-noi");           // answered Oct 30: 21 working days, late, dissatisfied
            b.AnswerWith("Đã xử lý", "officer", Oct(30));
            b.Rate(SatisfactionLevel.Dissatisfied, "Chậm", false, Far, Oct(30, 15));
            var c = Case(Oct(5), Ministry, Oct(26, 23));                      // answered Oct 7: 2 working days, acceptable
            c.AnswerWith("Đã xử lý", "officer", Oct(7));
            c.Rate(SatisfactionLevel.Acceptable, null, false, Far, Oct(8));
            Case(Oct(10), Ministry, Oct(20, 23));                            // open, overdue now
            var e = Case(Oct(12), Ministry, Far, kind: SubmissionKind.Initiative); // initiative adopted Oct 20: 6 working days
            e.Evaluate(80, "Khả thi", "officer", Oct(14));
            e.AcceptForPilot("Thí điểm", "officer", Oct(20));
            var f = Case(new DateTimeOffset(2026, 9, 28, 9, 0, 0, TimeSpan.FromHours(7)), Ministry, Oct(20, 23)); // received in September
            f.AnswerWith("Đã xử lý", "officer", Oct(2));                     // answered Oct 2: 4 working days, satisfied
            f.Rate(SatisfactionLevel.Satisfied, null, false, Far, Oct(3));
            var g = Case(Oct(15), Province, Far);                             // transferred by the province to the ministry, open
            g.Transfer(Ministry, "Sai thẩm quyền", Far, "officer", Oct(16));
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<T> Query<T>(Func<StatisticsQuery, Task<T>> q) => host.InScopeAsync(sp => q(sp.GetRequiredService<StatisticsQuery>()));

    [Fact]
    public async Task The_national_figures_of_October_match_the_cases_built()
    {
        var f = await Query(q => q.FiguresAsync(FigureScope.Country, October, CancellationToken.None));
        Assert.Equal(6, f.Received);                 // a, b, c, d, e, g (f was received in September)
        Assert.Equal(5, f.Answered);                 // a, b, c, e (its decision), f
        Assert.Equal(4, f.AnsweredOnTime);           // all but b
        Assert.Equal(80, f.OnTimePercent);
        Assert.Equal(4, f.MedianWorkingDays);        // 2, 3, 4, 6, 21
        Assert.Equal(21, f.P90WorkingDays);          // nearest rank: the 5th of 5
        Assert.Equal(3, f.OpenNow);                  // d, e (accepted for pilot: still to do), g
        Assert.Equal(1, f.OverdueNow);               // d
        Assert.Equal(1, f.Transferred);              // g
        Assert.Equal((2, 1, 1), (f.Satisfied, f.Acceptable, f.Dissatisfied));
        Assert.Equal(4, f.Ratings);
        Assert.Equal(50, f.Share(SatisfactionLevel.Satisfied));
        Assert.Equal(1, f.InitiativesReceived);
        Assert.Equal(1, f.InitiativesAdopted);
    }

    [Fact]
    public async Task Agency_province_kind_and_month_breakdowns_attribute_each_figure()
    {
        var byAgency = (await Query(q => q.BreakdownAsync(FigureScope.Country, October, Grouping.Agency, CancellationToken.None)))
            .ToDictionary(r => r.Key, r => r.Figures);
        Assert.Equal(6, byAgency[Ministry].Received); // g is the ministry's now
        Assert.Equal(0, byAgency[Province].Received);
        Assert.Equal(1, byAgency[Province].Transferred); // handed on by the province
        Assert.Equal(0, byAgency[Ministry].Transferred);

        var ministry = await Query(q => q.FiguresAsync(new FigureScope(Ministry), October, CancellationToken.None));
        Assert.Equal((6, 5, 4, 0), (ministry.Received, ministry.Answered, ministry.Ratings, ministry.Transferred));
        var province = await Query(q => q.FiguresAsync(new FigureScope(Province), October, CancellationToken.None));
        Assert.Equal((0, 1), (province.Received, province.Transferred));

        // Two answers, 3 and 21 working days: the median is their mean.
        var haNoi = await Query(q => q.FiguresAsync(new FigureScope(LocalityCode: "ha-noi"), October, CancellationToken.None));
        Assert.Equal((2, 2, 1, 12.0, 21.0), (haNoi.Received, haNoi.Answered, haNoi.AnsweredOnTime, haNoi.MedianWorkingDays!.Value, haNoi.P90WorkingDays!.Value));
        var initiatives = await Query(q => q.FiguresAsync(new FigureScope(Kind: SubmissionKind.Initiative), October, CancellationToken.None));
        Assert.Equal((1, 1, 1, 6.0), (initiatives.Received, initiatives.InitiativesAdopted, initiatives.Answered, initiatives.MedianWorkingDays!.Value));

        var months = (await Query(q => q.BreakdownAsync(FigureScope.Country,
            new StatisticsPeriod(PeriodKind.Custom, new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 31)), Grouping.Month, CancellationToken.None)))
            .ToDictionary(r => r.Key, r => r.Figures);
        Assert.Equal((1, 0), (months["2026-09"].Received, months["2026-09"].Answered));
        Assert.Equal((6, 5), (months["2026-10"].Received, months["2026-10"].Answered));
        var november = await Query(q => q.FiguresAsync(FigureScope.Country, StatisticsPeriod.Month(2026, 11), CancellationToken.None));
        Assert.Equal((0, 0, 0, 3), (november.Received, november.Answered, november.Ratings, november.OpenNow));
    }

    [Fact]
    public async Task The_public_dashboard_shows_the_figures_the_league_table_and_the_agency_page_in_both_languages()
    {
        var client = host.CreateClient();
        var html = await client.GetStringAsync("/thong-ke?period=month&year=2026&month=10");
        Assert.Contains("data-figure=\"received\">6<", html);
        Assert.Contains("data-figure=\"on-time\">80 %<", html);
        Assert.Contains("data-figure=\"median-days\">4<", html);
        Assert.Contains("data-figure=\"p90-days\">21<", html);
        Assert.Contains("<svg class=\"fp-chart\" id=\"trend-chart\" role=\"img\"", html);
        Assert.Contains($"data-agency=\"{Ministry}\"", html);
        Assert.Contains("data-locality=\"ha-noi\"", html);
        Assert.DoesNotContain("a@example.vn", html);
        Assert.DoesNotContain("Chậm", html); // rating comments are not public

        var english = await client.GetStringAsync("/statistics?period=quarter&year=2026&quarter=4&culture=en&ui-culture=en");
        Assert.Contains("Answered on time", english);
        Assert.Contains("data-figure=\"answered\">5<", english);

        var agency = await client.GetStringAsync($"/thong-ke/co-quan/{Ministry}?period=year&year=2026");
        Assert.Contains("data-table=\"trend\"", agency);
        Assert.Contains("data-figure=\"received\">7<", agency); // the year includes September's case
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/thong-ke/co-quan/khong-co")).StatusCode);
    }
}
