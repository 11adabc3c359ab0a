using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Routing;

public sealed class RouterTests
{
    private static readonly Dictionary<string, string> Provinces = new() { ["ha-noi"] = "ubnd-ha-noi" };

    private static readonly RoutingRule[] Rules =
    [
        new(null, "thu-tuc-hanh-chinh", null, "vpcp", false, 0, "field → vpcp"),
        new(null, "thu-tuc-hanh-chinh", null, null, true, 0, "field with a province → its People's Committee"),
        new(SubmissionKind.Initiative, "khac", "da-nang", "bo-tai-chinh", false, 0, "initiative, khac, Đà Nẵng"),
        new(null, "khac", "da-nang", "bo-khcn", false, 5, "khac, Đà Nẵng"),
    ];

    private static RoutingDecision Decide(SubmissionKind kind, string field, string? locality) =>
        Router.Decide(Rules, kind, field, locality, l => Provinces.GetValueOrDefault(l));

    [Fact]
    public void The_field_rule_applies_without_a_province() =>
        Assert.Equal("vpcp", Decide(SubmissionKind.Feedback, "thu-tuc-hanh-chinh", null).AgencyCode);

    [Fact]
    public void A_province_makes_the_locality_rule_more_specific() =>
        Assert.Equal("ubnd-ha-noi", Decide(SubmissionKind.Feedback, "thu-tuc-hanh-chinh", "ha-noi").AgencyCode);

    [Fact]
    public void A_province_without_a_peoples_committee_falls_back_to_the_next_rule() =>
        Assert.Equal("vpcp", Decide(SubmissionKind.Feedback, "thu-tuc-hanh-chinh", "atlantis").AgencyCode);

    [Fact]
    public void More_criteria_beat_a_higher_priority()
    {
        Assert.Equal("bo-tai-chinh", Decide(SubmissionKind.Initiative, "khac", "da-nang").AgencyCode);
        Assert.Equal("bo-khcn", Decide(SubmissionKind.Feedback, "khac", "da-nang").AgencyCode);
    }

    [Fact]
    public void No_match_goes_to_central_triage_without_a_rule()
    {
        var decision = Decide(SubmissionKind.Feedback, "khac", null);
        Assert.Equal(Agency.CentralTriage, decision.AgencyCode);
        Assert.Null(decision.Rule);
        Assert.StartsWith("No routing rule matched", decision.Describe());
    }

    [Fact]
    public void A_rule_for_some_communes_of_a_province_beats_the_province_rule_only_for_those_communes()
    {
        var border = new RoutingRule(null, null, "lang-son", "bo-quoc-phong", false, 0, "Lạng Sơn border communes");
        border.LimitToCommunes(["xa-tan-thanh", "xa-dong-dang"]);
        var province = new RoutingRule(null, null, "lang-son", null, true, 100, "Lạng Sơn → its People's Committee");
        RoutingRule[] rules = [border, province];
        var committees = new Dictionary<string, string> { ["lang-son"] = "ubnd-lang-son" };
        RoutingDecision Route(string? commune, string locality = "lang-son") =>
            Router.Decide(rules, SubmissionKind.Feedback, "khac", locality, l => committees.GetValueOrDefault(l), commune);

        Assert.Equal("bo-quoc-phong", Route("xa-tan-thanh").AgencyCode);
        Assert.Equal("bo-quoc-phong", Route("xa-dong-dang").AgencyCode);
        Assert.Equal("ubnd-lang-son", Route("xa-tan-thanh-2").AgencyCode);
        Assert.Equal("ubnd-lang-son", Route(null).AgencyCode);
        // The same code in another province is another commune.
        Assert.NotEqual("bo-quoc-phong", Route("xa-tan-thanh", "tay-ninh").AgencyCode);
        Assert.Equal(["xa-tan-thanh", "xa-dong-dang"], border.Communes);
    }

    [Fact]
    public void Communes_need_their_province_and_moving_the_rule_to_another_province_drops_them()
    {
        var anywhere = new RoutingRule(null, "khac", null, "vpcp", false, 0, "no province");
        Assert.Throws<ArgumentException>(() => anywhere.LimitToCommunes(["xa-tan-thanh"]));

        var rule = new RoutingRule(null, null, "lang-son", "bo-quoc-phong", false, 0, "border");
        rule.LimitToCommunes(["xa-tan-thanh"]);
        rule.Update(null, null, "cao-bang", "bo-quoc-phong", false, 0, "border", true);
        Assert.Empty(rule.Communes);
        Assert.Null(rule.CommuneCodes);
    }

    [Theory]
    [InlineData("bo-khcn", true)]
    [InlineData("ubnd-tp-hcm", true)]
    [InlineData("ban-2026", true)]
    [InlineData("Bo-KHCN", false)]
    [InlineData("bộ-khcn", false)]
    [InlineData("-bo", false)]
    [InlineData("bo--khcn", false)]
    [InlineData("bo.khcn", false)]
    [InlineData("", false)]
    public void Agency_codes_are_safe_queue_names(string code, bool valid) => Assert.Equal(valid, Agency.IsValidCode(code));
}
