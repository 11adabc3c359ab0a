using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>
/// Intake in one short transaction: the submission, its "received" event and the outbox messages
/// (routing, indexing, receipt e-mail). Nothing here talks to the broker, the index or SMTP.
/// </summary>
public sealed class IntakeHandler(
    PortalDbContext db,
    IntakeValidator validator,
    TimeProvider clock,
    IOptions<PortalOptions> portal,
    IConfiguration configuration,
    AttachmentStore files,
    IStringLocalizer<IntakeText> text,
    ILogger<IntakeHandler> logger)
{
    public sealed record Outcome(Submission? Submission, IReadOnlyDictionary<string, string[]> Errors);

    public string PolicyVersion => configuration["Privacy:PolicyVersion"] ?? "2025-07";

    /// <summary>
    /// Validates and stores. <paramref name="attachments"/> are already staged (checked by content);
    /// they are moved into place only after the commit. <paramref name="captcha"/>'s replay key is
    /// recorded in the same transaction, so a solution used twice fails as a whole.
    /// </summary>
    public async Task<Outcome> HandleAsync(IntakeRequest request, string language, string channel, CancellationToken ct,
        IReadOnlyList<StagedAttachment>? attachments = null, CaptchaResult? captcha = null)
    {
        var validation = await validator.ValidateAsync(request, language, channel, PolicyVersion, ct);
        if (!validation.IsValid)
        {
            return new Outcome(null, validation.Errors);
        }

        attachments ??= [];
        if (attachments.Count > files.Options.MaxFiles)
        {
            return new Outcome(null, new Dictionary<string, string[]>
            {
                ["files"] = [text["Error.FilesTooMany", files.Options.MaxFiles]],
            });
        }

        // 40 random bits: a collision is astronomically rare, but the unique index would refuse it, so retry.
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var submission = Submission.Create(validation.Draft!, TrackingCode.New(validation.Draft!.Kind, now), now);
            db.Submissions.Add(submission);
            foreach (var file in attachments)
            {
                db.Attachments.Add(new Attachment(submission.Id, file, now));
            }

            if (captcha?.ReplayKey is { } replayKey)
            {
                db.UsedCaptchas.Add(new UsedCaptcha { Key = replayKey, ExpiresAt = captcha.ReplayKeyExpires ?? now.AddDays(1) });
            }

            db.OutboxMessages.Add(OutboxMessage.Publish(
                new SubmissionReceived(submission.Id, submission.TrackingCode, submission.Kind.Code(), now), now));
            db.OutboxMessages.Add(ReceiptNotification.Queue(submission, portal.Value.PublicBaseUrl, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
                if (captcha?.ReplayKey is { } key && await db.UsedCaptchas.AsNoTracking().AnyAsync(u => u.Key == key, ct))
                {
                    // A concurrent request used the same solution first.
                    return new Outcome(null, new Dictionary<string, string[]> { ["captcha"] = [text["Error.Captcha"]] });
                }

                var code = submission.TrackingCode;
                if (!await db.Submissions.AsNoTracking().AnyAsync(s => s.TrackingCode == code, ct))
                {
                    throw; // not a tracking-code collision
                }

                continue;
            }

            try
            {
                files.Commit(attachments);
            }
            catch (IOException ex)
            {
                // The case is stored and acknowledged; staff see the file as missing. Keep the evidence.
                logger.LogError(ex, "Attachments of {TrackingCode} could not be moved into place.", submission.TrackingCode);
            }

            return new Outcome(submission, new Dictionary<string, string[]>());
        }
    }

    public string StatusUrl(string trackingCode) =>
        ReceiptNotification.StatusUrl(portal.Value.PublicBaseUrl, trackingCode);
}
