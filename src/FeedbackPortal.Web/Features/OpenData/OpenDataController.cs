using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.OpenData;

/// <summary>One published case as open data: only the staff-approved public version, nothing personal.</summary>
public sealed record OpenCase(
    string TrackingCode, SubmissionKind Kind, string FieldCode, string? AgencyCode, string? LocalityCode, SubmissionStatus Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? PublishedAt, DateTimeOffset? AnsweredAt, string? Title, string? Content, string? Answer);

/// <summary>
/// Open data ("Ba công khai"): every published case — those <see cref="Submission.IsPublicRule"/> admits,
/// with the approved public title, content and answer only — as CSV and JSON under CC BY 4.0. Streamed
/// in keyset batches (by tracking code), so memory stays bounded however many cases there are.
/// </summary>
public sealed class OpenDataController(PortalDbContext db, IOptions<PortalOptions> portal, TimeProvider clock) : Controller
{
    public const string Licence = "CC-BY-4.0";
    public const string LicenceUrl = "https://creativecommons.org/licenses/by/4.0/";
    public const int BatchSize = 1000;

    /// <summary>The CSV columns, in order; the JSON uses the same names.</summary>
    public static readonly string[] Columns =
    [
        "tracking_code", "kind", "field", "agency", "locality", "status", "submitted_at", "published_at", "answered_at", "title", "content", "answer", "url",
    ];

    [HttpGet("/du-lieu-mo")]
    [HttpGet("/open-data")]
    public IActionResult Index() => View("/Features/OpenData/Index.cshtml");

    [HttpGet("/du-lieu-mo/ho-so.csv")]
    [HttpGet("/open-data/cases.csv")]
    public async Task Csv(CancellationToken ct)
    {
        Start("text/csv; charset=utf-8", "csv");
        // A byte order mark so Excel reads the Vietnamese text as UTF-8; public text that a spreadsheet
        // would run as a formula (= + - @) is escaped. WriteRecordAsync writes out asynchronously as
        // its buffer fills (Kestrel refuses synchronous writes), so memory stays bounded.
        await using var csv = CsvWriter.Create(Response.Body,
            new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Columns, ct);
        await foreach (var batch in BatchesAsync(ct))
        {
            foreach (var c in batch)
            {
                await csv.WriteRecordAsync(Values(c), ct);
            }
        }

        await csv.FlushAsync(ct);
    }

    [HttpGet("/du-lieu-mo/ho-so.json")]
    [HttpGet("/open-data/cases.json")]
    public async Task Json(CancellationToken ct)
    {
        Start("application/json; charset=utf-8", "json");
        // Utf8JsonWriter keeps what it writes until flushed: flushing each batch bounds the memory.
        await using var json = new Utf8JsonWriter(Response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("licence", Licence);
        json.WriteString("licenceUrl", LicenceUrl);
        json.WriteString("source", portal.Value.PublicBaseUrl.TrimEnd('/') + "/du-lieu-mo");
        json.WriteString("generatedAt", clock.GetUtcNow());
        json.WriteStartArray("cases");
        await foreach (var batch in BatchesAsync(ct))
        {
            foreach (var c in batch)
            {
                json.WriteStartObject();
                var values = Values(c);
                for (var i = 0; i < Columns.Length; i++)
                {
                    if (values[i] is { } v)
                    {
                        json.WriteString(Columns[i], v);
                    }
                    else
                    {
                        json.WriteNull(Columns[i]);
                    }
                }

                json.WriteEndObject();
            }

            await json.FlushAsync(ct);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private void Start(string contentType, string extension)
    {
        Response.ContentType = contentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"du-lieu-mo-ho-so.{extension}\"";
        // The licence travels with the file (RFC 8288 "license" link relation) as well as on the page.
        Response.Headers.Link = $"<{LicenceUrl}>; rel=\"license\"";
        Response.Headers["X-Licence"] = Licence;
    }

    /// <summary>Published cases in tracking-code order, <see cref="BatchSize"/> at a time, each batch one indexed query.</summary>
    private async IAsyncEnumerable<List<OpenCase>> BatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            var batch = await db.Submissions.AsNoTracking().Where(Submission.IsPublicRule)
                .Where(s => string.Compare(s.TrackingCode, after) > 0)
                .OrderBy(s => s.TrackingCode).Take(BatchSize)
                .Select(s => new OpenCase(s.TrackingCode, s.Kind, s.FieldCode, s.AgencyCode, s.LocalityCode, s.Status,
                    s.SubmittedAt, s.PublishedAt, s.AnsweredAt, s.PublicTitle, s.PublicContent, s.PublicAnswer))
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }

            yield return batch;
            after = batch[^1].TrackingCode;
        }
    }

    private string?[] Values(OpenCase c)
    {
        static string? Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return
        [
            c.TrackingCode, c.Kind.Code(), c.FieldCode, c.AgencyCode, c.LocalityCode, c.Status.Code(), Time(c.SubmittedAt), Time(c.PublishedAt),
            Time(c.AnsweredAt), c.Title, c.Content, c.Answer, portal.Value.PublicBaseUrl.TrimEnd('/') + "/status/" + c.TrackingCode,
        ];
    }
}

/// <summary>Marker for the open data feature's texts.</summary>
public sealed class OpenDataText;
