using System.Net;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FeedbackPortal.IntegrationTests.Cases.StaffTestSupport;
using static FeedbackPortal.IntegrationTests.Ratings.RatingSupport;

namespace FeedbackPortal.IntegrationTests.Ratings;

/// <summary>"Một thước đo": the submitter rates each answer once through the signed link of the answer e-mail.</summary>
public sealed class RatingTests(StaffHost host) : IClassFixture<StaffHost>
{
    private readonly HttpClient _public = host.CreateClient();

    [Fact]
    public async Task The_signed_link_rates_an_answer_once_and_a_reanswered_case_gets_a_new_rating()
    {
        var (code, token) = await AnsweredCaseAsync(host, _public, "Đánh giá: cổng dịch vụ công chậm");

        // Without the link the status page explains where to rate; with it, the form is there.
        Assert.Contains("data-rating-needs-link", await _public.GetStringAsync($"/status/{code}"));
        Assert.Contains($"action=\"/status/{code}/rate\"", await _public.GetStringAsync($"/status/{code}?rate={Uri.EscapeDataString(token)}"));

        using (var rated = await _public.RateAsync(code, token, "satisfied", "Cán bộ trả lời rất nhanh"))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
            Assert.Equal($"/status/{code}", rated.RequestMessage!.RequestUri!.AbsolutePath);
            var page = await rated.Content.ReadAsStringAsync();
            Assert.Contains("data-rated=\"satisfied\"", page);
            Assert.Contains("Cảm ơn Ông/Bà đã đánh giá.", page);
            Assert.DoesNotContain("Cán bộ trả lời rất nhanh", page); // comments are not public
        }

        using (var again = await _public.RateAsync(code, token, "dissatisfied"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("data-rated=\"satisfied\"", await again.Content.ReadAsStringAsync());
        }

        var officer = await host.StaffAsync(PortalApi.Officer(Ministry));
        var staffPage = await officer.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("data-event=\"Rated\"", staffPage);
        Assert.Contains("Cán bộ trả lời rất nhanh", staffPage);

        // Reopened and answered again: the old link no longer rates, the new answer's link does.
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "reopen", ("reason", "Bổ sung kết quả")), code);
        await AssertRedirectedToCaseAsync(await officer.ActAsync(code, "answer", ("answer", "Trả lời lần hai: đã bổ sung.")), code);
        var second = await RatingTokenAsync(host, code, 2);
        Assert.NotEqual(token, second);
        using (var old = await _public.RateAsync(code, token, "acceptable"))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        using (var rated = await _public.RateAsync(code, second, "acceptable"))
        {
            Assert.Contains("data-rated=\"acceptable\"", await rated.Content.ReadAsStringAsync());
        }

        var levels = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Ratings
            .Where(r => r.SubmissionId == sp.GetRequiredService<PortalDbContext>().Submissions.Single(s => s.TrackingCode == code).Id)
            .OrderBy(r => r.RatedAt).Select(r => r.Level).ToListAsync());
        Assert.Equal([SatisfactionLevel.Satisfied, SatisfactionLevel.Acceptable], levels);
    }

    [Fact]
    public async Task Dissatisfied_with_a_review_request_sends_the_case_back_to_the_head_with_the_comment()
    {
        var (code, token) = await AnsweredCaseAsync(host, _public, "Đánh giá: đề nghị xem xét lại");

        using (var noComment = await _public.RateAsync(code, token, "dissatisfied", review: true))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
            Assert.Contains("Nêu nội dung đề nghị xem xét lại.", await noComment.Content.ReadAsStringAsync());
        }

        using (var notDissatisfied = await _public.RateAsync(code, token, "acceptable", "Tạm được", review: true))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notDissatisfied.StatusCode);
        }

        using (var noLevel = await _public.RateAsync(code, token, ""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noLevel.StatusCode);
            Assert.Contains("Chọn mức độ hài lòng.", await noLevel.Content.ReadAsStringAsync());
        }

        Assert.Equal("answered", await _public.StatusOfAsync(code));
        using (var rated = await _public.RateAsync(code, token, "dissatisfied", "Chưa giải quyết được lỗi đăng nhập", review: true))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        Assert.Equal("in_progress", await _public.StatusOfAsync(code));
        var mail = await PickupMail.WaitForAsync(host, m => m.To == PortalApi.Head(Ministry) && m.Subject.Contains(code, StringComparison.Ordinal));
        Assert.Contains("Chưa giải quyết được lỗi đăng nhập", mail[0].Body);

        var head = await host.StaffAsync(PortalApi.Head(Ministry));
        var page = await head.GetStringAsync($"/staff/cases/{code}");
        Assert.Contains("data-event=\"ReviewRequested\"", page);
        Assert.Contains("Chưa giải quyết được lỗi đăng nhập", page);
        Assert.DoesNotContain("Chưa giải quyết được lỗi đăng nhập", await _public.GetStringAsync($"/status/{code}"));
    }

    [Fact]
    public async Task Forged_altered_or_borrowed_links_and_posts_without_antiforgery_are_refused()
    {
        var (code, token) = await AnsweredCaseAsync(host, _public, "Đánh giá: chữ ký giả");
        var (other, otherToken) = await AnsweredCaseAsync(host, _public, "Đánh giá: hồ sơ khác");

        var altered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];
        foreach (var bad in new[] { altered, "not-a-token", otherToken })
        {
            using var refused = await _public.RateAsync(code, bad, "satisfied");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        Assert.Contains("data-rating-needs-link", await _public.GetStringAsync($"/status/{code}?rate=not-a-token"));

        using (var noAntiforgery = await _public.PostAsync($"/status/{code}/rate",
                   new FormUrlEncodedContent([new("token", token), new("level", "satisfied")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noAntiforgery.StatusCode);
        }

        var count = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Ratings
            .CountAsync(r => sp.GetRequiredService<PortalDbContext>().Submissions.Any(s => s.Id == r.SubmissionId
                && (s.TrackingCode == code || s.TrackingCode == other))));
        Assert.Equal(0, count);
    }
}
