using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Intake;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON format: one service per
/// subject field; a request is a feedback or an initiative. Reads show published cases only and
/// never personal data: the description is the staff-approved public title, the notes the approved answer.
/// </summary>
[ApiController]
[Route("open311/v2")]
[AllowAnonymous]
[IgnoreAntiforgeryToken] // api_key authenticated, no cookies
public sealed partial class Open311Controller(
    PortalDbContext db,
    ReferenceLists lists,
    IntakeHandler handler,
    IntakeIdempotency idempotency,
    IOptions<PortalOptions> portal,
    IStringLocalizer<Open311Text> text) : ControllerBase
{
    public const string Changeset = "2026-11-21T00:00:00Z";
    private const int MaxResults = 1000;
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    [HttpGet("discovery.json")]
    public IActionResult Discovery()
    {
        var baseUrl = portal.Value.PublicBaseUrl.TrimEnd('/');
        return Answer(new
        {
            changeset = Changeset,
            contact = text["Discovery.Contact"].Value,
            key_service = text["Discovery.KeyService"].Value,
            endpoints = new[]
            {
                new
                {
                    specification = "http://wiki.open311.org/GeoReport_v2",
                    url = baseUrl + "/open311/v2",
                    changeset = Changeset,
                    type = "production",
                    formats = new[] { "application/json" },
                },
            },
        });
    }

    [HttpGet("services.json")]
    public async Task<IActionResult> Services(CancellationToken ct)
    {
        var fields = await lists.FieldsAsync(ct);
        return Answer(fields.Select(f => new
        {
            service_code = f.Code,
            service_name = f.Name,
            description = text["Service.Description", f.Name].Value,
            metadata = true,
            type = "realtime",
            keywords = Keywords(f),
            group = text["Service.Group"].Value,
        }));
    }

    [HttpGet("services/{code}.json")]
    public async Task<IActionResult> Service(string code, CancellationToken ct)
    {
        if ((await lists.FieldsAsync(ct)).All(f => f.Code != code))
        {
            return Error(404, text["Error.ServiceUnknown", code]);
        }

        var localities = await lists.LocalitiesAsync(ct);
        return Answer(new
        {
            service_code = code,
            attributes = new object[]
            {
                Attribute(Open311Attributes.Kind, 1, true, text["Attr.Kind"], text["Attr.KindHelp"],
                    [("feedback", S("Kind.feedback")), ("initiative", S("Kind.initiative"))]),
                Attribute(Open311Attributes.Locality, 2, false, text["Attr.Locality"], text["Attr.LocalityHelp"],
                    localities.Select(l => (l.Code, string.IsNullOrEmpty(l.Hint) ? l.Name : $"{l.Name} ({l.Hint})")).ToArray()),
                Attribute(Open311Attributes.Consent, 3, true, text["Attr.Consent", handler.PolicyVersion], text["Attr.ConsentHelp"],
                    [("true", text["Attr.ConsentYes"].Value)]),
                Attribute(Open311Attributes.AllowPublish, 4, false, text["Attr.Publish"], text["Attr.PublishHelp"],
                    [("true", text["Yes"].Value), ("false", text["No"].Value)]),
            },
        });
    }

    [HttpGet("requests.json")]
    public async Task<IActionResult> Requests(
        [FromQuery(Name = "service_request_id")] string? ids,
        [FromQuery(Name = "service_code")] string? serviceCodes,
        [FromQuery(Name = "start_date")] string? startDate,
        [FromQuery(Name = "end_date")] string? endDate,
        [FromQuery(Name = "status")] string? status,
        CancellationToken ct)
    {
        var query = Published();
        if (!string.IsNullOrWhiteSpace(ids))
        {
            // The standard: with ids, every other parameter is ignored.
            var codes = Split(ids).Select(TrackingCode.Normalize).OfType<string>().Take(MaxResults).ToList();
            return Answer(await ViewsAsync(query.Where(s => codes.Contains(s.TrackingCode)), ct));
        }

        if (!TryDate(startDate, out var start) || !TryDate(endDate, out var end))
        {
            return Error(400, text["Error.Date"]);
        }

        // Default window of the standard: the last 90 days.
        end ??= DateTimeOffset.UtcNow;
        start ??= end.Value.AddDays(-90);
        var from = start.Value.ToUniversalTime();
        var to = end.Value.ToUniversalTime();
        query = query.Where(s => s.SubmittedAt >= from && s.SubmittedAt <= to);
        if (!string.IsNullOrWhiteSpace(serviceCodes))
        {
            var services = Split(serviceCodes);
            query = query.Where(s => services.Contains(s.FieldCode));
        }

        var wanted = Split(status ?? "");
        if (wanted.Any(w => w is not ("open" or "closed")))
        {
            return Error(400, text["Error.Status"]);
        }

        var finished = SubmissionStatuses.Finished.ToList();
        if (wanted.Length == 1)
        {
            query = wanted[0] == "closed" ? query.Where(s => finished.Contains(s.Status)) : query.Where(s => !finished.Contains(s.Status));
        }

        return Answer(await ViewsAsync(query.OrderByDescending(s => s.SubmittedAt).Take(MaxResults), ct));
    }

    [HttpGet("requests/{id}.json")]
    public async Task<IActionResult> Request311(string id, CancellationToken ct)
    {
        var code = TrackingCode.Normalize(id);
        var found = code is null ? [] : await ViewsAsync(Published().Where(s => s.TrackingCode == code), ct);
        return found.Count == 0 ? Error(404, text["Error.RequestUnknown", id]) : Answer(found);
    }

    /// <summary>The one rule of what is public (Submission.IsPublicRule), translated to SQL.</summary>
    private IQueryable<Submission> Published() => db.Submissions.AsNoTracking().Where(Submission.IsPublicRule);

    private async Task<List<Dictionary<string, object?>>> ViewsAsync(IQueryable<Submission> query, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var language = ReferenceLists.Language;
        var fields = (await lists.FieldsAsync(ct)).ToDictionary(f => f.Code, f => f.Name);
        var localities = (await lists.LocalitiesAsync(ct)).ToDictionary(l => l.Code, l => l.Name);
        var agencies = await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name(language), ct);
        return rows.OrderByDescending(s => s.SubmittedAt).Select(s => new Dictionary<string, object?>
        {
            ["service_request_id"] = s.TrackingCode,
            ["status"] = s.Status.IsFinished() ? "closed" : "open",
            ["status_notes"] = StatusNotes(s),
            ["service_name"] = fields.GetValueOrDefault(s.FieldCode, s.FieldCode),
            ["service_code"] = s.FieldCode,
            ["description"] = s.PublicTitle,
            ["agency_responsible"] = s.AgencyCode is null ? null : agencies.GetValueOrDefault(s.AgencyCode, s.AgencyCode),
            ["service_notice"] = null,
            ["requested_datetime"] = Date(s.SubmittedAt),
            ["updated_datetime"] = Date(s.UpdatedAt),
            ["expected_datetime"] = s.Deadline is { } d ? Date(d) : null,
            ["address"] = s.LocalityCode is null ? null : localities.GetValueOrDefault(s.LocalityCode, s.LocalityCode),
            ["address_id"] = null,
            ["zipcode"] = null,
            ["lat"] = null,
            ["long"] = null,
            ["media_url"] = null, // attachments are never public
        }).ToList();
    }

    private string? StatusNotes(Submission s) => s.Status switch
    {
        _ when s.PublicAnswer is not null => s.PublicAnswer,
        SubmissionStatus.Merged => text["Note.Merged", s.MergedIntoTrackingCode ?? ""].Value,
        _ => S("Status." + s.Status.Code()),
    };

    private string S(string key) => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>()[key];

    private static object Attribute(string code, int order, bool required, string description, string help, (string Key, string Name)[] values) => new
    {
        variable = true,
        code,
        datatype = "singlevaluelist",
        required,
        datatype_description = help,
        order,
        description,
        values = values.Select(v => new { key = v.Key, name = v.Name }),
    };

    private static string Keywords(Option field) =>
        string.Join(',', VietnameseTextKeywords(field.Name).Prepend(field.Code).Distinct());

    private static IEnumerable<string> VietnameseTextKeywords(string name) =>
        name.Split([' ', ',', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).Select(w => w.ToLowerInvariant());

    private static string Date(DateTimeOffset at) => at.ToOffset(Vietnam).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryDate(string? value, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }

    private JsonResult Answer(object value, int status = StatusCodes.Status200OK) =>
        new(value, Json) { StatusCode = status, ContentType = "application/json; charset=utf-8" };

    private JsonResult Error(int code, string description) => Errors(code, [description]);

    private JsonResult Errors(int code, IEnumerable<string> descriptions) =>
        Answer(descriptions.Select(d => new { code, description = d }).ToArray(), code);
}
