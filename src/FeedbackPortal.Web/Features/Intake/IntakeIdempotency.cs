using System.Text.Json;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>
/// The key a request brings: who it belongs to, the key, the request's fingerprint, and how to
/// write down the answer for a case (stored with the case, replayed to retries).
/// </summary>
public sealed record IntakeKey(string Scope, string Key, string RequestHash, Func<Domain.Submissions.Submission, StoredResponse> Respond);

public sealed record StoredResponse(int Status, string? Location, string? Body);

/// <summary>
/// Idempotent intake (docs/intake.md): the API's and Open311's <c>Idempotency-Key</c> header and the
/// HTML forms' one-time key. A key seen before answers with the stored response; a key reused for
/// another request is refused; the race between two requests with one key is settled by the
/// primary key of idempotency_keys inside the intake transaction (see <see cref="IntakeHandler"/>).
/// </summary>
public sealed class IntakeIdempotency(PortalDbContext db, TimeProvider clock)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string WebScope = "web";

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>The unexpired record for a key, if the key was used before.</summary>
    public Task<IdempotencyRecord?> FindAsync(string scope, string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key && r.ExpiresAt > now, ct);
    }

    /// <summary>The key for this request, and the record of an earlier request that used it (if any).</summary>
    public async Task<(IntakeKey Key, IdempotencyRecord? Prior)> PrepareAsync(string scope, string key, IntakeRequest request,
        IEnumerable<StagedAttachment> files, Func<Domain.Submissions.Submission, StoredResponse> respond, CancellationToken ct)
    {
        var intakeKey = new IntakeKey(scope, key, Fingerprint(request, files), respond);
        return (intakeKey, await FindAsync(scope, key, ct));
    }

    public Task<string?> TrackingCodeAsync(IdempotencyRecord record, CancellationToken ct) =>
        db.Submissions.AsNoTracking().Where(s => s.Id == record.SubmissionId).Select(s => s.TrackingCode).FirstOrDefaultAsync(ct);

    /// <summary>The request as understood (after binding, so formatting does not matter) plus its files' contents.</summary>
    public static string Fingerprint(IntakeRequest request, IEnumerable<StagedAttachment> files) =>
        IdempotencyKeys.Fingerprint(JsonSerializer.Serialize(request, Canonical) + "\n"
            + string.Join("\n", files.Select(f => $"{f.Sha256} {f.FileName}")));

    /// <summary>
    /// The header of an API request: absent (null, no protection asked for), or a well-formed key.
    /// A malformed one is a 400 problem in <paramref name="invalid"/>.
    /// </summary>
    public static string? ReadHeader(ControllerBase controller, out IActionResult? invalid)
    {
        invalid = null;
        if (!controller.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (IdempotencyKeys.IsWellFormed(key))
        {
            return key;
        }

        var text = controller.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<IntakeText>>();
        invalid = ApiProblems.Validation(controller, new Dictionary<string, string[]>
        {
            [HeaderName] = [text["Error.IdempotencyKey", IdempotencyKeys.MaxLength]],
        });
        return null;
    }

    /// <summary>The stored answer again, marked as a replay (as Stripe does).</summary>
    public static IActionResult Replay(HttpResponse response, IdempotencyRecord record, bool replayed)
    {
        if (replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }

        if (record.ResponseLocation is { } location)
        {
            response.Headers.Location = location;
        }

        return new ContentResult
        {
            StatusCode = record.ResponseStatus,
            Content = record.ResponseBody,
            ContentType = "application/json; charset=utf-8",
        };
    }

    /// <summary>422: the key was used for a different request (IETF draft-ietf-httpapi-idempotency-key-header).</summary>
    public static IActionResult Reused(ControllerBase controller)
    {
        var text = controller.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<IntakeText>>();
        return new ObjectResult(new ProblemDetails
        {
            Title = text["Problem.IdempotencyKeyReused"],
            Detail = text["Problem.IdempotencyKeyReusedDetail"],
            Status = StatusCodes.Status422UnprocessableEntity,
            Type = "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
        })
        {
            StatusCode = StatusCodes.Status422UnprocessableEntity,
            ContentTypes = { "application/problem+json" },
        };
    }
}
