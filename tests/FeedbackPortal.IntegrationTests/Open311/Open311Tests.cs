using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Open311;

public sealed class Open311Host() : PortalHost(new PortalHostOptions());

/// <summary>GeoReport v2 (http://wiki.open311.org/GeoReport_v2), field by field.</summary>
public sealed class Open311Tests(Open311Host host) : IClassFixture<Open311Host>
{
    private const string Description =
        "Trạm sạc xe điện công cộng tại khu đô thị mới không hoạt động suốt hai tuần, người dân không thể sạc xe.";

    [Fact]
    public async Task Discovery_lists_the_georeport_v2_endpoint()
    {
        var doc = await Json("/open311/v2/discovery.json");
        Assert.True(doc.TryGetProperty("changeset", out _));
        Assert.True(doc.TryGetProperty("contact", out _));
        Assert.True(doc.TryGetProperty("key_service", out _));
        var endpoint = doc.GetProperty("endpoints")[0];
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.GetProperty("specification").GetString());
        Assert.Equal("http://localhost/open311/v2", endpoint.GetProperty("url").GetString());
        Assert.Equal("application/json", endpoint.GetProperty("formats")[0].GetString());
        Assert.True(endpoint.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task Services_are_the_subject_fields_with_metadata()
    {
        var services = await Json("/open311/v2/services.json");
        var fields = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Fields.Select(f => f.Code).ToListAsync());
        Assert.Equal(fields.Order(), services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()!).Order());
        foreach (var s in services.EnumerateArray())
        {
            Assert.True(s.GetProperty("metadata").GetBoolean());
            Assert.Equal("realtime", s.GetProperty("type").GetString());
            foreach (var key in new[] { "service_name", "description", "keywords", "group" })
            {
                Assert.False(string.IsNullOrEmpty(s.GetProperty(key).GetString()), key);
            }
        }
    }

    [Fact]
    public async Task A_service_definition_has_locality_and_kind_lists()
    {
        var definition = await Json("/open311/v2/services/the-che-chinh-sach.json");
        Assert.Equal("the-che-chinh-sach", definition.GetProperty("service_code").GetString());
        var attributes = definition.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("code").GetString()!);
        var locality = attributes["locality"];
        Assert.Equal("singlevaluelist", locality.GetProperty("datatype").GetString());
        Assert.True(locality.GetProperty("variable").GetBoolean());
        Assert.Equal(34, locality.GetProperty("values").GetArrayLength());
        Assert.Contains(locality.GetProperty("values").EnumerateArray(), v => v.GetProperty("name").GetString()!.Contains("Bình Dương", StringComparison.Ordinal));
        var kind = attributes["kind"];
        Assert.Equal(["feedback", "initiative"], kind.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToArray());
        foreach (var a in attributes.Values)
        {
            foreach (var key in new[] { "required", "datatype_description", "order", "description" })
            {
                Assert.True(a.TryGetProperty(key, out _), key);
            }
        }

        using var client = host.CreateClient();
        using var missing = await client.GetAsync("/open311/v2/services/khong-co.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = (await missing.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal(404, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task A_request_is_created_form_encoded_with_an_api_key_and_read_back_when_published()
    {
        using var client = host.CreateClient();
        using var created = await PostRequestAsync(client, PortalApi.PartnerKey, publish: true);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = (await created.Content.ReadFromJsonAsync<JsonElement>())[0];
        var id = answer.GetProperty("service_request_id").GetString()!;
        Assert.StartsWith("PA-", id, StringComparison.Ordinal);
        Assert.Contains($"/status/{id}", answer.GetProperty("service_notice").GetString(), StringComparison.Ordinal);

        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.AsNoTracking().SingleAsync(s => s.TrackingCode == id));
        Assert.Equal("tp-hcm", stored.LocalityCode);
        Assert.Equal("Lê Minh", stored.Submitter.Name);
        Assert.StartsWith("open311:", stored.Channel, StringComparison.Ordinal);
        Assert.EndsWith("…", stored.Title, StringComparison.Ordinal);
        Assert.StartsWith("Trạm sạc xe điện công cộng", stored.Title, StringComparison.Ordinal);
        Assert.Equal("Phường Thủ Dầu Một", stored.CommuneWard);

        // Not public before staff approve its public text (the same rule as every public surface).
        using (var before = await client.GetAsync($"/open311/v2/requests/{id}.json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await client.WaitForStatusAsync(id, "delivered");
        using var coordinator = host.CreateClient();
        await coordinator.LoginAsync(PortalApi.Coordinator);
        var approved = await coordinator.ApprovePublicationAsync(id);

        var one = (await Json($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal(approved.Title, one.GetProperty("description").GetString());
        Assert.Equal(id, one.GetProperty("service_request_id").GetString());
        Assert.Equal("open", one.GetProperty("status").GetString());
        Assert.Equal("the-che-chinh-sach", one.GetProperty("service_code").GetString());
        Assert.Equal("Thành phố Hồ Chí Minh", one.GetProperty("address").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", one.GetProperty("requested_datetime").GetString());
        foreach (var key in new[] { "status_notes", "service_name", "description", "agency_responsible", "service_notice",
                     "updated_datetime", "expected_datetime", "address_id", "zipcode", "lat", "long", "media_url" })
        {
            Assert.True(one.TryGetProperty(key, out _), key);
        }

        Assert.DoesNotContain("le.minh@example.vn", one.GetRawText(), StringComparison.Ordinal);

        var list = await Json("/open311/v2/requests.json?service_code=the-che-chinh-sach&status=open");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var closed = await Json("/open311/v2/requests.json?status=closed");
        Assert.DoesNotContain(closed.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var future = await Json($"/open311/v2/requests.json?start_date={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        Assert.Equal(0, future.GetArrayLength());
        var byIds = await Json($"/open311/v2/requests.json?service_request_id={id},PA-26-0000-0000");
        Assert.Equal(id, byIds[0].GetProperty("service_request_id").GetString());
    }

    [Fact]
    public async Task Unpublished_requests_are_not_readable()
    {
        using var client = host.CreateClient();
        using var created = await PostRequestAsync(client, PortalApi.PartnerKey, publish: false);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;

        using var response = await client.GetAsync($"/open311/v2/requests/{id}.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());
        Assert.DoesNotContain((await Json("/open311/v2/requests.json")).EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
    }

    [Fact]
    public async Task Errors_follow_the_standard_shape()
    {
        using var client = host.CreateClient();
        var before = await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.CountAsync());

        using var noKey = await PostRequestAsync(client, null, publish: true);
        Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
        Assert.Equal(403, (await noKey.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());

        using var badKey = await PostRequestAsync(client, "not-a-key", publish: true);
        Assert.Equal(HttpStatusCode.Forbidden, badKey.StatusCode);

        using var badEmail = await PostRequestAsync(client, PortalApi.PartnerKey, publish: true, email: "khong-hop-le");
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        var errors = await badEmail.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, errors[0].GetProperty("code").GetInt32());
        Assert.StartsWith("email:", errors[0].GetProperty("description").GetString(), StringComparison.Ordinal);

        using var noConsent = await PostRequestAsync(client, PortalApi.PartnerKey, publish: true, consent: false);
        Assert.Equal(HttpStatusCode.BadRequest, noConsent.StatusCode);
        Assert.Contains((await noConsent.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
            e => e.GetProperty("description").GetString()!.StartsWith("attribute[consent]", StringComparison.Ordinal));

        using var badDate = await client.GetAsync("/open311/v2/requests.json?start_date=hôm-qua");
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);

        Assert.Equal(before, await host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().Submissions.CountAsync()));
    }

    private static async Task<HttpResponseMessage> PostRequestAsync(HttpClient client, string? apiKey, bool publish, string email = "le.minh@example.vn", bool consent = true)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("service_code", "the-che-chinh-sach"),
            new("attribute[kind]", "feedback"),
            new("attribute[locality]", "tp-hcm"),
            new("attribute[allow_publish]", publish ? "true" : "false"),
            new("email", email),
            new("first_name", "Minh"),
            new("last_name", "Lê"),
            new("phone", "0903123456"),
            new("description", Description),
            new("address_string", "Phường Thủ Dầu Một"),
            new("lat", "10.98"),
            new("long", "106.65"),
        };
        if (consent)
        {
            fields.Add(new("attribute[consent]", "true"));
        }

        if (apiKey is not null)
        {
            fields.Add(new("api_key", apiKey));
        }

        return await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(fields));
    }

    private async Task<JsonElement> Json(string url)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
