using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Web.Features.Attachments;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Intake;

public sealed class IntakePage
{
    public required string Kind { get; init; }
    public required IntakeForm Form { get; init; }
    public required IReadOnlyList<Option> Fields { get; init; }
    public required IReadOnlyList<Option> Localities { get; init; }

    /// <summary>The chosen province's communes; empty until a province is chosen (the no-JS step fills it).</summary>
    public IReadOnlyList<Option> Communes { get; init; } = [];
    public required IReadOnlyList<Option> Systems { get; init; }
    public required ICaptchaVerifier Captcha { get; init; }
    public required AttachmentOptions Attachments { get; init; }
    public required string PolicyVersion { get; init; }
    public IReadOnlyList<StagedAttachment> StagedFiles { get; init; } = [];
    public bool ContactRemembered { get; init; }

    /// <summary>Shown after "show the communes" (no JavaScript): the page opens at the commune list.</summary>
    public bool CommuneStep { get; init; }
    public bool ContactForgotten { get; init; }
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}

/// <summary>
/// The public forms: /submit/feedback and /submit/initiative. Work without JavaScript: files and a
/// passed captcha are carried between steps (errors, "similar cases") in protected hidden fields.
/// </summary>
[Route("submit")]
public sealed class IntakeController(
    IntakeHandler handler,
    IntakeValidator validator,
    SimilarCases similar,
    ReferenceLists lists,
    ICaptchaVerifier captcha,
    AttachmentStore files,
    IntakeTokens tokens,
    IntakeIdempotency idempotency,
    RememberedContact remembered,
    CommuneDirectory communes,
    IStringLocalizer<IntakeText> text) : Controller, IShowsInputErrors
{
    [HttpGet("feedback")]
    public Task<IActionResult> Feedback([FromQuery] int? forgotten, CancellationToken ct) => Blank("feedback", forgotten == 1, ct);

    [HttpGet("initiative")]
    public Task<IActionResult> Initiative([FromQuery] int? forgotten, CancellationToken ct) => Blank("initiative", forgotten == 1, ct);

    [HttpPost("feedback")]
    [ValidateAntiForgeryToken]
    [AttachmentUploadLimits]
    public Task<IActionResult> SubmitFeedback([FromForm] IntakeForm form, CancellationToken ct) => Submit("feedback", form, ct);

    [HttpPost("initiative")]
    [ValidateAntiForgeryToken]
    [AttachmentUploadLimits]
    public Task<IActionResult> SubmitInitiative([FromForm] IntakeForm form, CancellationToken ct) => Submit("initiative", form, ct);

    /// <summary>"Clear my details": forgets the contact details kept on this device.</summary>
    [HttpPost("forget-contact")]
    [ValidateAntiForgeryToken]
    public IActionResult ForgetContact([FromForm] string? kind)
    {
        remembered.Clear(Response);
        return Redirect($"/submit/{(kind == "initiative" ? "initiative" : "feedback")}?forgotten=1");
    }

    private async Task<IActionResult> Blank(string kind, bool forgotten, CancellationToken ct)
    {
        var form = new IntakeForm();
        var contact = forgotten ? null : remembered.Read(Request);
        if (contact is not null)
        {
            form.Name = contact.Name;
            form.Email = contact.Email;
            form.Phone = contact.Phone;
            form.OrganizationName = contact.OrganizationName;
            form.TaxCode = contact.TaxCode;
            form.RememberMe = true;
        }

        return await Show(kind, form, null, [], ct, contactRemembered: contact is not null, contactForgotten: forgotten);
    }

    private async Task<IActionResult> Submit(string kind, IntakeForm form, CancellationToken ct)
    {
        var staged = tokens.UnprotectFiles(form.StagedFiles).Where(files.IsStaged).ToList();
        if (Request.Query["edit"] == "1")
        {
            return await Show(kind, form, null, staged, ct); // "go back and edit" from the similar-cases step
        }

        if (Request.Query["communes"] == "1")
        {
            return await ShowCommunes(kind, form, staged, ct);
        }

        // Refused characters (NUL...): the form comes back with what was typed (minus those) and the other fields' errors.
        if (InputTextFilter.RefusedFields(HttpContext) is { Count: > 0 } refused)
        {
            var others = await validator.ValidateAsync(form.ToRequest(kind), ReferenceLists.Language, "web", handler.PolicyVersion, ct);
            var errors = MapErrors(others.Errors);
            foreach (var (field, messages) in refused)
            {
                errors[field] = messages;
            }

            return await Show(kind, form, errors, staged, ct);
        }

        // A form already sent (double click, resend after a timeout) goes to its receipt, before the
        // captcha: that solution is used up. The key is 128 random bits, only the sender has it.
        var formKey = IdempotencyKeys.IsWellFormed(form.SubmissionKey) ? form.SubmissionKey : null;
        if (formKey is not null && await idempotency.FindAsync(IntakeIdempotency.WebScope, formKey, ct) is { } prior)
        {
            return await AlreadySent(kind, form, prior, staged, ct);
        }

        // Then the captcha: a bot without a solution costs us no disk and no queries.
        var passed = tokens.UnprotectCaptcha(form.CaptchaPass, kind);
        if (passed is null)
        {
            var answer = Request.Form[captcha.FormField].ToString();
            var check = await captcha.VerifyAsync(answer, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            if (!check.Success)
            {
                if (formKey is not null && await idempotency.FindAsync(IntakeIdempotency.WebScope, formKey, ct) is { } first)
                {
                    return await AlreadySent(kind, form, first, staged, ct); // the double click's first post just used the solution
                }

                return await Show(kind, form, Error("Captcha", text["Error.Captcha"]), staged, ct);
            }

            passed = check;
        }

        var uploads = Request.HasFormContentType
            ? Request.Form.Files.Where(f => f.Name == "Files" && (f.Length > 0 || !string.IsNullOrEmpty(f.FileName))).ToList()
            : [];
        if (staged.Count + uploads.Count > files.Options.MaxFiles)
        {
            return await Show(kind, form, Error("Files", text["Error.FilesTooMany", files.Options.MaxFiles]), staged, ct);
        }

        List<StagedAttachment> fresh;
        try
        {
            fresh = await files.StageUploadsAsync(uploads, ct);
        }
        catch (AttachmentRejectedException ex)
        {
            // Report the other fields' problems too, so the person fixes everything in one go.
            var others = await validator.ValidateAsync(form.ToRequest(kind), ReferenceLists.Language, "web", handler.PolicyVersion, ct);
            var errors = MapErrors(others.Errors);
            errors["Files"] = [AttachmentMessages.Describe(text, ex, files.Options)];
            return await Show(kind, form, errors, staged, ct);
        }

        staged.AddRange(fresh);
        var request = form.ToRequest(kind);
        var language = ReferenceLists.Language;
        if (!form.ConfirmedNoDuplicate)
        {
            var validation = await validator.ValidateAsync(request, language, "web", handler.PolicyVersion, ct);
            if (!validation.IsValid)
            {
                return await Show(kind, form, MapErrors(validation.Errors), staged, ct);
            }

            var matches = await similar.FindAsync(request.Title, 5, ct);
            if (matches.Count > 0)
            {
                form.StagedFiles = tokens.ProtectFiles(staged);
                form.CaptchaPass = tokens.ProtectCaptcha(passed, kind);
                return View("Similar", new SimilarPage(kind, form, matches, staged));
            }
        }

        var key = formKey is null ? null : new IntakeKey(IntakeIdempotency.WebScope, formKey, IntakeIdempotency.Fingerprint(request, []),
            s => new StoredResponse(StatusCodes.Status302Found, ReceiptUrl(s.TrackingCode), null));
        var outcome = await handler.HandleAsync(request, language, "web", ct, staged, passed, key);
        if (outcome.Replayed)
        {
            return await AlreadySent(kind, form, outcome.Key!, staged, ct);
        }

        if (outcome.Submission is not { } submission)
        {
            return await Show(kind, form, MapErrors(outcome.Errors), staged, ct);
        }

        if (form.RememberMe && form.Consent)
        {
            remembered.Write(Response, new ContactDetails(form.Name?.Trim(), form.Email?.Trim(), form.Phone?.Trim(),
                form.OrganizationName?.Trim(), form.TaxCode?.Trim()));
        }
        else if (Request.Cookies.ContainsKey(RememberedContact.CookieName))
        {
            remembered.Clear(Response);
        }

        return Redirect(ReceiptUrl(submission.TrackingCode));
    }

    /// <summary>
    /// Without JavaScript, the commune list follows the province in a second step: the form comes
    /// back with the province's communes in a plain select (a province typed by name, also a former
    /// one, is resolved first). Nothing is validated or stored yet; the captcha is not spent.
    /// </summary>
    private async Task<IActionResult> ShowCommunes(string kind, IntakeForm form, IReadOnlyList<StagedAttachment> staged, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Locality) && !string.IsNullOrWhiteSpace(form.LocalityQuery)
            && await validator.FindLocalityAsync(form.LocalityQuery, ct) is { } found)
        {
            form.Locality = found;
            form.LocalityQuery = null;
        }

        if (communes.Find(form.Locality, form.Commune) is null)
        {
            form.Commune = null;
        }

        return await Show(kind, form, null, staged, ct, focusCommune: true);
    }

    private static string ReceiptUrl(string trackingCode) => $"/status/{Uri.EscapeDataString(trackingCode)}?submitted=1";

    /// <summary>
    /// The form's key was used: the same content goes to the first post's receipt; changed content
    /// (edited after "back") is shown again with a fresh key, so sending it once more is a deliberate new case.
    /// </summary>
    private async Task<IActionResult> AlreadySent(string kind, IntakeForm form, IdempotencyRecord prior,
        IReadOnlyList<StagedAttachment> staged, CancellationToken ct)
    {
        if (prior.RequestHash == IntakeIdempotency.Fingerprint(form.ToRequest(kind), []) && prior.ResponseLocation is { } receipt)
        {
            // Staged files are left alone: the first post may still be moving them into place.
            return Redirect(receipt);
        }

        form.SubmissionKey = IdempotencyKeys.New();
        var code = await idempotency.TrackingCodeAsync(prior, ct) ?? "";
        return await Show(kind, form, Error("Title", text["Error.AlreadySent", code]), staged, ct);
    }

    private static Dictionary<string, string[]> Error(string field, string message) => new() { [field] = [message] };

    private static Dictionary<string, string[]> MapErrors(IReadOnlyDictionary<string, string[]> errors) =>
        errors.GroupBy(e => IntakeForm.FormFieldFor(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());

    private async Task<IActionResult> Show(string kind, IntakeForm form, IReadOnlyDictionary<string, string[]>? errors,
        IReadOnlyList<StagedAttachment> staged, CancellationToken ct, bool contactRemembered = false, bool contactForgotten = false,
        bool focusCommune = false)
    {
        if (errors is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        // Files that passed the checks stay uploaded (named in a protected token) while the person fixes the rest.
        form.StagedFiles = tokens.ProtectFiles(staged);
        form.CaptchaPass = null;
        form.ConfirmedNoDuplicate = false;
        form.SubmissionKey = IdempotencyKeys.IsWellFormed(form.SubmissionKey) ? form.SubmissionKey : IdempotencyKeys.New();
        var page = new IntakePage
        {
            Kind = kind,
            Form = form,
            Fields = await lists.FieldsAsync(ct),
            Localities = await lists.LocalitiesAsync(ct),
            Communes = communes.InLocality(form.Locality).Select(c => new Option(c.Code, c.DisplayName(ReferenceLists.Language))).ToList(),
            CommuneStep = focusCommune,
            Systems = kind == SubmissionKind.Initiative.Code() ? await lists.SystemsAsync(ct) : [],
            Captcha = captcha,
            Attachments = files.Options,
            PolicyVersion = handler.PolicyVersion,
            StagedFiles = staged,
            ContactRemembered = contactRemembered,
            ContactForgotten = contactForgotten,
            Errors = errors ?? new Dictionary<string, string[]>(),
        };
        return View("Form", page);
    }
}

public sealed record SimilarPage(string Kind, IntakeForm Form, IReadOnlyList<SimilarCase> Matches, IReadOnlyList<StagedAttachment> StagedFiles);
