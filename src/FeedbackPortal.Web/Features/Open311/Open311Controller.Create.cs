using System.Security.Claims;
using System.Text.Json;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Intake;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Open311;

/// <summary>Open311 intake: POST requests.json, with an optional Idempotency-Key like the JSON API.</summary>
public sealed partial class Open311Controller
{
    /// <summary>POST requests.json, form-encoded, with api_key (a partner or agency key).</summary>
    [HttpPost("requests.json")]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    public async Task<IActionResult> Create([FromForm] Open311Request form, CancellationToken ct)
    {
        var auth = await HttpContext.AuthenticateAsync(ApiKeyHandler.SchemeName);
        var kind = auth.Principal?.FindFirstValue(ApiKeyHandler.ClientKindClaim);
        if (!auth.Succeeded || kind is not (nameof(ApiClientKind.Partner) or nameof(ApiClientKind.Agency)))
        {
            return Error(403, text["Error.ApiKey"]);
        }

        var fields = await lists.FieldsAsync(ct);
        if (string.IsNullOrWhiteSpace(form.service_code) || fields.All(f => f.Code != form.service_code))
        {
            return Error(404, text["Error.ServiceUnknown", form.service_code ?? ""]);
        }

        var attributes = Request.Form.Keys.Where(k => k.StartsWith("attribute[", StringComparison.Ordinal) && k.EndsWith(']'))
            .ToDictionary(k => k[10..^1], k => Request.Form[k].ToString());
        var request = Open311Attributes.ToIntake(form, attributes);

        // Idempotency-Key (optional): a retry of this POST gets the original answer, not a second case.
        IntakeKey? key = null;
        if (Request.Headers.TryGetValue(IntakeIdempotency.HeaderName, out var header))
        {
            if (!IdempotencyKeys.IsWellFormed(header.ToString()))
            {
                return Error(400, text["Error.IdempotencyKey", IdempotencyKeys.MaxLength]);
            }

            var scope = "open311:" + auth.Principal!.FindFirstValue(ApiKeyHandler.ClientIdClaim);
            (key, var prior) = await idempotency.PrepareAsync(scope, header.ToString(), request, [],
                s => new StoredResponse(StatusCodes.Status201Created, null, JsonSerializer.Serialize(CreatedAnswer(s), Json)), ct);
            if (prior is not null)
            {
                return Replay(prior, key.RequestHash);
            }
        }

        var outcome = await handler.HandleAsync(request, ReferenceLists.Language, $"open311:{auth.Principal!.Identity?.Name}", ct, key: key);
        if (outcome.Replayed)
        {
            return Replay(outcome.Key!, key!.RequestHash);
        }

        if (outcome.Submission is not { } submission)
        {
            return Errors(400, outcome.Errors.SelectMany(e => e.Value.Select(m => $"{Open311Attributes.ParameterFor(e.Key)}: {m}")));
        }

        return outcome.Key is { } stored
            ? IntakeIdempotency.Replay(Response, stored, replayed: false)
            : Answer(CreatedAnswer(submission), StatusCodes.Status201Created);
    }

    private object[] CreatedAnswer(Submission submission) =>
    [
        new
        {
            service_request_id = submission.TrackingCode,
            service_notice = text["Notice", handler.StatusUrl(submission.TrackingCode)].Value,
            account_id = (string?)null,
        },
    ];

    private IActionResult Replay(IdempotencyRecord prior, string hash) =>
        prior.RequestHash == hash
            ? IntakeIdempotency.Replay(Response, prior, replayed: true)
            : Error(422, text["Error.IdempotencyKeyReused"]);
}
