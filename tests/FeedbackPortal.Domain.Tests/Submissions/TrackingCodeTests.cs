using FeedbackPortal.Domain.Submissions;

namespace FeedbackPortal.Domain.Tests.Submissions;

public sealed class TrackingCodeTests
{
    private static readonly DateTimeOffset In2026 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(SubmissionKind.Feedback, "PA")]
    [InlineData(SubmissionKind.Initiative, "SK")]
    public void A_new_code_has_the_kind_prefix_the_year_and_eight_crockford_characters(SubmissionKind kind, string prefix)
    {
        var code = TrackingCode.New(kind, In2026);

        Assert.Matches($"^{prefix}-26-[0-9A-HJKMNP-TV-Z]{{4}}-[0-9A-HJKMNP-TV-Z]{{4}}$", code);
        Assert.True(TrackingCode.IsValid(code));
    }

    [Fact]
    public void Codes_carry_forty_random_bits_so_a_hundred_thousand_codes_do_not_collide()
    {
        var codes = Enumerable.Range(0, 100_000).Select(_ => TrackingCode.New(SubmissionKind.Feedback, In2026)).ToHashSet();

        Assert.Equal(100_000, codes.Count);
    }

    [Fact]
    public void Every_random_character_position_uses_the_whole_alphabet()
    {
        var seen = Enumerable.Range(0, 8).Select(_ => new HashSet<char>()).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var random = TrackingCode.New(SubmissionKind.Feedback, In2026)[6..].Replace("-", "", StringComparison.Ordinal);
            for (var p = 0; p < 8; p++)
            {
                seen[p].Add(random[p]);
            }
        }

        Assert.All(seen, s => Assert.Equal(32, s.Count));
    }

    [Theory]
    [InlineData("pa-26-7k3m-q9xw", "PA-26-7K3M-Q9XW")]
    [InlineData(" PA 26 7K3M Q9XW ", "PA-26-7K3M-Q9XW")]
    [InlineData("PA267K3MQ9XW", "PA-26-7K3M-Q9XW")]
    [InlineData("SK-26-OOIL-0000", "SK-26-0011-0000")]
    public void What_people_type_is_normalised_to_the_canonical_code(string typed, string expected) =>
        Assert.Equal(expected, TrackingCode.Normalize(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("XX-26-7K3M-Q9XW")]
    [InlineData("PA-26-7K3M-Q9X")]
    [InlineData("PA-2A-7K3M-Q9XW")]
    [InlineData("PA-26-7K3M-Q9XU")]
    [InlineData("PA-26-7K3M-Q9XW-1")]
    public void Anything_that_cannot_be_a_code_is_refused(string? typed) => Assert.Null(TrackingCode.Normalize(typed));
}
