using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Communes;

/// <summary>
/// Commune-level location over real HTTP (Kestrel), on SQLite and PostgreSQL: the type-ahead's
/// ranking, the no-JavaScript province → commune step, the commune checked against its province
/// (nothing stored otherwise), shown on the case, and routing rules limited to some communes.
/// </summary>
public abstract partial class CommuneScenarios(PortalHost host)
{
    private const string CamGiang = "xa-cam-giang";      // Cẩm Giang, Hải Phòng
    private const string CamGiangTone = "xa-cam-giang-2"; // Cẩm Giàng, Hải Phòng

    protected PortalHost Host { get; } = host;

    /// <summary>A client of the real server (Kestrel), with its own cookies, as a browser without JavaScript.</summary>
    private HttpClient Http(bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = Host.ServerAddress, Timeout = Patience.Request };

    private async Task<JsonElement> CommunesAsync(string query)
    {
        using var client = Http();
        return await client.GetFromJsonAsync<JsonElement>("/api/v1/communes" + query);
    }

    private static List<string> Codes(JsonElement result) =>
        result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();

    [Fact]
    public async Task The_type_ahead_ranks_the_name_typed_with_tone_marks_first_and_finds_both_without_them()
    {
        var withMarks = await CommunesAsync("?locality=hai-phong&q=" + Uri.EscapeDataString("Cẩm Giàng"));
        Assert.Equal([CamGiangTone, CamGiang], Codes(withMarks).Take(2));
        Assert.Equal("Xã Cẩm Giàng", withMarks.GetProperty("items")[0].GetProperty("name").GetString());

        var otherMark = await CommunesAsync("?locality=hai-phong&q=" + Uri.EscapeDataString("Cẩm Giang"));
        Assert.Equal([CamGiang, CamGiangTone], Codes(otherMark).Take(2));

        var plain = await CommunesAsync("?locality=hai-phong&q=cam%20giang");
        Assert.Equal([CamGiang, CamGiangTone], Codes(plain).Take(2).Order(StringComparer.Ordinal));

        // Without a province, the whole country: Cẩm Giàng of Thái Nguyên too, after Hải Phòng's exact one.
        var country = await CommunesAsync("?q=" + Uri.EscapeDataString("Cẩm Giàng"));
        var top = country.GetProperty("items").EnumerateArray().Take(3)
            .Select(i => (i.GetProperty("locality").GetString(), i.GetProperty("code").GetString())).ToList();
        Assert.Contains(("hai-phong", CamGiangTone), top.Take(2));
        Assert.Contains(("thai-nguyen", "cam-giang"), top.Take(2));
        Assert.Equal(("hai-phong", CamGiang), top[2]);
    }

    [Fact]
    public async Task A_former_province_typed_by_habit_points_to_todays_province()
    {
        var result = await CommunesAsync("?q=" + Uri.EscapeDataString("Hải Dương"));
        var province = result.GetProperty("province");
        Assert.Equal("hai-phong", province.GetProperty("code").GetString());
        Assert.Equal("Hải Dương", province.GetProperty("formerly").GetString());

        var folded = await CommunesAsync("?q=binh%20duong");
        Assert.Equal("tp-hcm", folded.GetProperty("province").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Without_javascript_the_province_step_lists_its_communes_and_the_chosen_one_is_stored_and_shown()
    {
        using var client = Http(followRedirects: false);
        var fields = IntakeForms.ValidFeedback("Đường liên xã bị sụt lún sau mưa lớn kéo dài");
        fields["LocalityQuery"] = "Hải Dương"; // the former province, typed by habit
        var before = await IntakeForms.CountsAsync(Host);

        using var step = await IntakeForms.PostAsync(client, "feedback", fields, extraQuery: "communes=1");
        var html = WebUtility.HtmlDecode(await step.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Matches("<option value=\"hai-phong\" selected=\"selected\">", html);
        Assert.Contains($"<option value=\"{CamGiangTone}\">Xã Cẩm Giàng</option>", html, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{CamGiang}\">Xã Cẩm Giang</option>", html, StringComparison.Ordinal);
        Assert.Contains(fields["Title"], html, StringComparison.Ordinal); // nothing typed is lost
        Assert.Equal(before, await IntakeForms.CountsAsync(Host));         // and nothing is stored yet

        var next = IntakeForms.HiddenFields(html);
        fields.Remove("LocalityQuery");
        fields["Locality"] = "hai-phong";
        fields["Commune"] = CamGiangTone;
        fields["SubmissionKey"] = next["SubmissionKey"];
        using var sent = await IntakeForms.PostAsync(client, "feedback", fields);
        var code = IntakeForms.TrackingCodeFrom(sent);

        var stored = await Host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
            .Where(s => s.TrackingCode == code).Select(s => new { s.LocalityCode, s.CommuneCode }).SingleAsync());
        Assert.Equal(("hai-phong", CamGiangTone), (stored.LocalityCode, stored.CommuneCode));

        var status = WebUtility.HtmlDecode(await client.GetStringAsync($"/status/{code}"));
        Assert.Matches($"id=\"commune\" data-commune=\"{CamGiangTone}\">Xã Cẩm Giàng<", status);
        var english = WebUtility.HtmlDecode(await client.GetStringAsync($"/status/{code}?culture=en"));
        Assert.Contains("Cẩm Giàng commune", english, StringComparison.Ordinal);

        using var staff = Http();
        await staff.LoginAsync(PortalApi.Coordinator);
        var page = await Eventually.UntilAsync(async () => WebUtility.HtmlDecode(await staff.GetStringAsync($"/staff/cases/{code}")),
            p => p.Contains("id=\"place\"", StringComparison.Ordinal), Patience.Background, "the case page to show the place");
        Assert.Contains("Xã Cẩm Giàng, Thành phố Hải Phòng", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vi", "Xã, phường đã chọn không thuộc Thành phố Hà Nội")]
    [InlineData("en", "The chosen commune or ward is not in Hanoi")]
    public async Task A_commune_of_another_province_is_refused_in_the_form_and_nothing_is_stored(string culture, string message)
    {
        using var client = Http(followRedirects: false);
        var fields = IntakeForms.ValidFeedback();
        fields["Locality"] = "ha-noi";
        fields["Commune"] = CamGiangTone;
        var before = await IntakeForms.CountsAsync(Host);

        using var response = await IntakeForms.PostAsync(client, "feedback", fields, culture: culture);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("href=\"#Commune\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await IntakeForms.CountsAsync(Host));
    }

    [Fact]
    public async Task The_api_refuses_an_unknown_commune_or_one_without_a_province_and_stores_nothing()
    {
        using var client = Http();
        var before = await IntakeForms.CountsAsync(Host);
        foreach (var (locality, commune, message) in new[]
                 {
                     ("hai-phong", "xa-khong-co", "is not in Hai Phong"),
                     ((string?)null, CamGiang, "Choose the province before the commune"),
                 })
        {
            var body = PortalApi.Feedback(locality: locality);
            body["commune"] = commune;
            using var response = await client.PostSubmissionAsync(body, language: "en");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(message, problem.GetProperty("errors").GetProperty("commune")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await IntakeForms.CountsAsync(Host));
    }

    [Fact]
    public async Task A_routing_rule_for_some_communes_routes_their_cases_and_leaves_the_others_to_the_province()
    {
        using var staff = Http();
        await staff.LoginAsync(PortalApi.Coordinator);
        using var refused = await staff.PostFormAsync("/staff/routing-rules/new", "/staff/routing-rules/new",
        [
            new("Field", "khac"), new("Locality", "hai-phong"), new("Communes", "Cam Giang"), new("Target", "bo-quoc-phong"),
            new("Priority", "0"), new("Description", "ambiguous"), new("IsActive", "true"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // two communes fold to "cam giang": the marks decide

        using var saved = await staff.PostFormAsync("/staff/routing-rules/new", "/staff/routing-rules/new",
        [
            new("Field", "khac"), new("Locality", "hai-phong"), new("Communes", "Cẩm Giàng, an-hung"), new("Target", "bo-quoc-phong"),
            new("Priority", "0"), new("Description", "Hải Phòng: Cẩm Giàng and An Hưng to the Ministry of National Defence"),
            new("IsActive", "true"),
        ]);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var rules = WebUtility.HtmlDecode(await staff.GetStringAsync("/staff/routing-rules?culture=vi"));
        Assert.Contains("Xã Cẩm Giàng, Xã An Hưng", rules, StringComparison.Ordinal);

        using var client = Http();
        async Task<string> Submit(string commune)
        {
            var body = PortalApi.Feedback(field: "khac", locality: "hai-phong");
            body["commune"] = commune;
            var code = await client.SubmitAsync(body);
            return await Eventually.UntilAsync(
                () => Host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking()
                    .Where(s => s.TrackingCode == code).Select(s => s.AgencyCode).SingleAsync()),
                agency => agency is not null, Patience.Background, $"{code} to be routed") ?? "";
        }

        Assert.Equal("bo-quoc-phong", await Submit(CamGiangTone));
        Assert.NotEqual("bo-quoc-phong", await Submit(CamGiang));
    }
}

public sealed class CommuneHost() : PortalHost(new PortalHostOptions { Kestrel = true });

public sealed class PostgresCommuneHost() : PortalHost(new PortalHostOptions { Kestrel = true, Postgres = true });

public sealed class CommuneTests(CommuneHost host) : CommuneScenarios(host), IClassFixture<CommuneHost>;

public sealed class CommunePostgresTests(PostgresCommuneHost host) : CommuneScenarios(host), IClassFixture<PostgresCommuneHost>;
