using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Routing;

public sealed class RouterTests
{
    private static readonly RoutingRule[] Rules =
    [
        new(null, "thu-tuc-hanh-chinh", null, "vpcp", false, 0, "field → vpcp"),
        new(null, "thu-tuc-hanh-chinh", null, null, true, 0, "field with province → province"),
        new(null, "the-che-chinh-sach", null, "bo-khcn", false, 0, "field → bo-khcn"),
        new(SubmissionKind.Initiative, "the-che-chinh-sach", null, "bo-tai-chinh", false, 0, "initiatives → bo-tai-chinh"),
    ];

    private static string? Province(string locality) => "ubnd-" + locality;

    [Fact]
    public void A_ministry_field_goes_to_its_ministry() =>
        Assert.Equal("bo-khcn", Router.Decide(Rules, SubmissionKind.Feedback, "the-che-chinh-sach", null, Province).AgencyCode);

    [Fact]
    public void A_local_field_with_a_province_goes_to_that_province() =>
        Assert.Equal("ubnd-ha-noi", Router.Decide(Rules, SubmissionKind.Feedback, "thu-tuc-hanh-chinh", "ha-noi", Province).AgencyCode);

    [Fact]
    public void A_local_field_without_a_province_goes_to_the_default_agency() =>
        Assert.Equal("vpcp", Router.Decide(Rules, SubmissionKind.Feedback, "thu-tuc-hanh-chinh", null, Province).AgencyCode);

    [Fact]
    public void The_more_specific_rule_wins() =>
        Assert.Equal("bo-tai-chinh", Router.Decide(Rules, SubmissionKind.Initiative, "the-che-chinh-sach", null, Province).AgencyCode);

    [Fact]
    public void Nothing_matching_goes_to_central_triage_without_a_rule()
    {
        var decision = Router.Decide(Rules, SubmissionKind.Feedback, "khac", null, Province);

        Assert.Equal("central-triage", decision.AgencyCode);
        Assert.Null(decision.Rule);
    }

    [Fact]
    public void An_inactive_rule_never_matches()
    {
        var rule = new RoutingRule(null, "khac", null, "bo-noi-vu", false, 0, "khac → bo-noi-vu");
        rule.Update(null, "khac", null, "bo-noi-vu", false, 0, "off", isActive: false);

        Assert.Equal("central-triage", Router.Decide([rule], SubmissionKind.Feedback, "khac", null, Province).AgencyCode);
    }
}
