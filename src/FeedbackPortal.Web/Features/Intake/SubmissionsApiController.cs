using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Web.Features.Attachments;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>
/// Partner apps submit on behalf of people: POST /api/v1/submissions with X-Api-Key, either JSON
/// or multipart/form-data with a "submission" JSON part and up to Attachments:MaxFiles "files".
/// An Idempotency-Key header makes retries safe: the same key (per API client) gets the original answer.
/// </summary>
[ApiController]
[Route("api/v1/submissions")]
[Authorize(Policy = Policies.PartnerApi)]
[IgnoreAntiforgeryToken] // API-key authenticated, no cookies: not exposed to CSRF
public sealed class SubmissionsApiController(
    IntakeHandler handler,
    IntakeIdempotency idempotency,
    AttachmentStore files,
    IOptions<JsonOptions> json,
    IStringLocalizer<IntakeText> text,
    IStringLocalizer<SharedText> sharedText) : ControllerBase
{
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType(typeof(IntakeAccepted), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity)]
    public Task<IActionResult> Submit([FromBody] IntakeRequest? request, CancellationToken ct) =>
        SubmitAsync(request ?? new IntakeRequest(), [], ct);

    /// <summary>The same submission with attachments: part "submission" (JSON) and parts "files".</summary>
    [HttpPost]
    [Consumes("multipart/form-data")]
    [AttachmentUploadLimits]
    [ProducesResponseType(typeof(IntakeAccepted), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> SubmitWithFiles([FromForm] SubmissionWithFiles upload, CancellationToken ct)
    {
        IntakeRequest? request;
        try
        {
            request = string.IsNullOrWhiteSpace(upload.Submission)
                ? null
                : JsonSerializer.Deserialize<IntakeRequest>(upload.Submission, json.Value.JsonSerializerOptions);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return ApiProblems.Validation(this, new Dictionary<string, string[]> { ["submission"] = [text["Error.SubmissionPart"]] });
        }

        // The JSON part is bound here, not by MVC: the same text rules as every other input.
        if (InputTextFilter.CleanObject(request, json: true) is { Count: > 0 } refused)
        {
            return ApiProblems.Validation(this, refused.ToDictionary(f => f, _ => new[] { sharedText["Input.ControlCharacters"].Value }));
        }

        var uploads = upload.Files ?? [];
        if (uploads.Count > files.Options.MaxFiles)
        {
            return ApiProblems.Validation(this, new Dictionary<string, string[]> { ["files"] = [text["Error.FilesTooMany", files.Options.MaxFiles]] });
        }

        List<StagedAttachment> staged;
        try
        {
            staged = await files.StageUploadsAsync(uploads, ct);
        }
        catch (AttachmentRejectedException ex)
        {
            return ApiProblems.Validation(this, new Dictionary<string, string[]> { ["files"] = [AttachmentMessages.Describe(text, ex, files.Options)] });
        }

        return await SubmitAsync(request, staged, ct);
    }

    private async Task<IActionResult> SubmitAsync(IntakeRequest request, IReadOnlyList<StagedAttachment> staged, CancellationToken ct)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";
        try
        {
            var key = await KeyAsync(request, staged, ct);
            if (key.Answer is { } early)
            {
                files.Discard(staged);
                return early;
            }

            var outcome = await handler.HandleAsync(request, language, $"api:{User.Identity?.Name}", ct, staged, key: key.Key);
            if (outcome.Replayed)
            {
                files.Discard(staged);
                return Replay(outcome.Key!, key.Key!.RequestHash);
            }

            if (outcome.Submission is not { } submission)
            {
                files.Discard(staged);
                return ApiProblems.Validation(this, outcome.Errors);
            }

            return outcome.Key is { } stored
                ? IntakeIdempotency.Replay(Response, stored, replayed: false)
                : Created(Location(submission), Accepted(submission));
        }
        catch
        {
            files.Discard(staged);
            throw;
        }
    }

    /// <summary>The Idempotency-Key of this request, or the answer already due (bad key, or a key seen before).</summary>
    private async Task<(IntakeKey? Key, IActionResult? Answer)> KeyAsync(IntakeRequest request, IReadOnlyList<StagedAttachment> staged,
        CancellationToken ct)
    {
        if (IntakeIdempotency.ReadHeader(this, out var invalid) is not { } key)
        {
            return (null, invalid);
        }

        var scope = "api:" + User.FindFirstValue(ApiKeyHandler.ClientIdClaim);
        var (intakeKey, prior) = await idempotency.PrepareAsync(scope, key, request, staged, s => new StoredResponse(
            StatusCodes.Status201Created, Location(s), JsonSerializer.Serialize(Accepted(s), json.Value.JsonSerializerOptions)), ct);
        return prior is null ? (intakeKey, null) : (null, Replay(prior, intakeKey.RequestHash));
    }

    private IActionResult Replay(IdempotencyRecord prior, string hash) =>
        prior.RequestHash == hash ? IntakeIdempotency.Replay(Response, prior, replayed: true) : IntakeIdempotency.Reused(this);

    private static string Location(Submission s) => $"/api/v1/submissions/{s.TrackingCode}";

    private IntakeAccepted Accepted(Submission s) => new(s.TrackingCode, s.Status.Code(), handler.StatusUrl(s.TrackingCode));
}

public sealed record IntakeAccepted(string TrackingCode, string Status, string StatusUrl);

/// <summary>multipart/form-data body of POST /api/v1/submissions.</summary>
public sealed class SubmissionWithFiles
{
    /// <summary>The submission as JSON, same shape as the application/json body.</summary>
    public string? Submission { get; set; }

    public List<IFormFile>? Files { get; set; }
}
