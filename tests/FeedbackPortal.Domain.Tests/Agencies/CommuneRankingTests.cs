using FeedbackPortal.Domain.Agencies;

namespace FeedbackPortal.Domain.Tests.Agencies;

/// <summary>The type-ahead's order: diacritics optional, but the marks the citizen typed rank an exact name first.</summary>
public sealed class CommuneRankingTests
{
    // The pairs of one province that differ only by a tone mark, as in communes.csv.
    private static readonly Commune[] HaiPhong =
    [
        new("hai-phong", "xa-cam-giang", Commune.Xa, "Cẩm Giang"),
        new("hai-phong", "xa-cam-giang-2", Commune.Xa, "Cẩm Giàng"),
        new("hai-phong", "xa-cam-giang-thuong", Commune.Xa, "Cẩm Giàng Thượng"),
        new("hai-phong", "phuong-giang-bien", Commune.Phuong, "Giang Biên"),
        new("hai-phong", "xa-an-phu", Commune.Xa, "An Phú"),
    ];

    private static readonly Commune[] Pairs =
    [
        new("quang-ngai", "xa-ba-to", Commune.Xa, "Ba Tơ"),
        new("quang-ngai", "xa-ba-to-2", Commune.Xa, "Ba Tô"),
        new("quang-ngai", "xa-son-ha", Commune.Xa, "Sơn Hạ"),
        new("quang-ngai", "xa-son-ha-2", Commune.Xa, "Sơn Hà"),
        new("thai-nguyen", "xa-van-lang", Commune.Xa, "Văn Lăng"),
        new("thai-nguyen", "xa-van-lang-2", Commune.Xa, "Văn Lang"),
        new("dong-thap", "phuong-my-tho", Commune.Phuong, "Mỹ Tho"),
        new("dong-thap", "xa-my-tho", Commune.Xa, "Mỹ Thọ"),
    ];

    private static IReadOnlyList<string> Names(IEnumerable<Commune> communes, string query) =>
        CommuneRanking.Rank(communes, query, 10).Select(c => c.NameVi).ToList();

    [Theory]
    [InlineData("Cẩm Giàng", "Cẩm Giàng", "Cẩm Giang")]
    [InlineData("Cẩm Giang", "Cẩm Giang", "Cẩm Giàng")]
    [InlineData("cẩm giàng", "Cẩm Giàng", "Cẩm Giang")]
    [InlineData("xã Cẩm Giàng", "Cẩm Giàng", "Cẩm Giang")]
    public void The_name_typed_with_its_tone_marks_ranks_first_and_its_twin_second(string query, string first, string second)
    {
        var names = Names(HaiPhong, query);
        Assert.Equal(first, names[0]);
        Assert.Equal(second, names[1]);
    }

    [Theory]
    [InlineData("Cam Giang")]
    [InlineData("cam giang")]
    [InlineData("CAM GIANG")]
    public void Typed_without_diacritics_both_twins_are_found_before_longer_names(string query)
    {
        var names = Names(HaiPhong, query);
        Assert.Equal(["Cẩm Giang", "Cẩm Giàng"], names.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal("Cẩm Giàng Thượng", names[2]);
        Assert.DoesNotContain("An Phú", names);
    }

    [Theory]
    [InlineData("Ba Tơ", "Ba Tơ")]
    [InlineData("Ba Tô", "Ba Tô")]
    [InlineData("Sơn Hạ", "Sơn Hạ")]
    [InlineData("Sơn Hà", "Sơn Hà")]
    [InlineData("Văn Lăng", "Văn Lăng")]
    [InlineData("Văn Lang", "Văn Lang")]
    [InlineData("Mỹ Thọ", "Mỹ Thọ")]
    [InlineData("Mỹ Tho", "Mỹ Tho")]
    public void Each_of_the_pairs_differing_by_one_mark_puts_the_exact_one_first(string query, string first)
    {
        var names = Names(Pairs, query);
        Assert.Equal(first, names[0]);
        Assert.Equal(2, names.Count);
    }

    [Fact]
    public void A_prefix_with_marks_prefers_the_names_that_keep_them()
    {
        var names = Names(HaiPhong, "Cẩm Giàng T");
        Assert.Equal("Cẩm Giàng Thượng", names[0]);
        Assert.Equal("Cẩm Giàng", Names(HaiPhong, "Cẩm Già")[0]);
    }

    [Fact]
    public void A_word_inside_the_name_is_found_after_names_starting_with_it()
    {
        var names = Names(HaiPhong, "giang");
        Assert.Equal("Giang Biên", names[0]);
        Assert.Contains("Cẩm Giàng", names);
    }

    [Fact]
    public void Decomposed_input_as_some_keyboards_send_it_matches_like_composed() =>
        Assert.Equal("Cẩm Giàng", Names(HaiPhong, "Cẩm Giàng".Normalize(System.Text.NormalizationForm.FormD))[0]);

    [Fact]
    public void An_empty_query_finds_nothing() => Assert.Empty(Names(HaiPhong, "  "));

    [Fact]
    public void The_kind_names_the_unit_in_either_language()
    {
        Assert.Equal("Xã Cẩm Giàng", HaiPhong[1].DisplayName("vi"));
        Assert.Equal("Phường Giang Biên", HaiPhong[3].DisplayName("vi"));
        Assert.Equal("Giang Biên ward", HaiPhong[3].DisplayName("en"));
    }
}
