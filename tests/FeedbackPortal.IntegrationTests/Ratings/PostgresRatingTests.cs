using System.Net;
using FeedbackPortal.IntegrationTests.Cases;
using static FeedbackPortal.IntegrationTests.Ratings.RatingSupport;

namespace FeedbackPortal.IntegrationTests.Ratings;

/// <summary>
/// PostgreSQL keeps microseconds where the answer e-mail signed the in-memory time: the link must
/// still match the answer read back, and the unique (case, answer) index must hold.
/// </summary>
public sealed class PostgresRatingTests(PostgresStaffHost host) : IClassFixture<PostgresStaffHost>
{
    [Fact]
    public async Task The_signed_link_rates_once_on_PostgreSQL()
    {
        var client = host.CreateClient();
        var (code, token) = await AnsweredCaseAsync(host, client, "PostgreSQL: đánh giá hài lòng");
        using (var rated = await client.RateAsync(code, token, "dissatisfied", "Chưa rõ", review: true))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        Assert.Equal("in_progress", await client.StatusOfAsync(code));
        using var again = await client.RateAsync(code, token, "satisfied");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // this answer is rated; the next answer gets a new rating
    }
}
