using System.Diagnostics;
using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Telemetry;
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
    IOptions<IdempotencyOptions> idempotency,
    IConfiguration configuration,
    AttachmentStore files,
    IStringLocalizer<IntakeText> text,
    PortalMetrics metrics,
    ILogger<IntakeHandler> logger)
{
    /// <summary>
    /// Created (<see cref="Submission"/>, with <see cref="Key"/> stored when a key was given), refused
    /// (<see cref="Errors"/>), or lost the race to a request with the same key (<see cref="Replayed"/>:
    /// <see cref="Key"/> is that request's record; the caller compares fingerprints).
    /// </summary>
    public sealed record Outcome(Submission? Submission, IReadOnlyDictionary<string, string[]> Errors,
        IdempotencyRecord? Key = null, bool Replayed = false);

    public string PolicyVersion => configuration["Privacy:PolicyVersion"] ?? "2025-07";

    /// <summary>
    /// Validates and stores. <paramref name="attachments"/> are already staged (checked by content);
    /// they are moved into place only after the commit. <paramref name="captcha"/>'s replay key is
    /// recorded in the same transaction, so a solution used twice fails as a whole; so is
    /// <paramref name="key"/>, so two requests with one key create one case.
    /// </summary>
    public async Task<Outcome> HandleAsync(IntakeRequest request, string language, string channel, CancellationToken ct,
        IReadOnlyList<StagedAttachment>? attachments = null, CaptchaResult? captcha = null, IntakeKey? key = null)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await StoreAsync(request, language, channel, attachments, captcha, key, ct);
        metrics.IntakeTook(Stopwatch.GetElapsedTime(started), channel,
            outcome.Submission is not null ? "accepted" : outcome.Replayed ? "replayed" : "refused");
        if (outcome.Submission is { } accepted)
        {
            metrics.SubmissionAccepted(accepted.Kind.Code(), channel);
        }

        return outcome;
    }

    private async Task<Outcome> StoreAsync(IntakeRequest request, string language, string channel,
        IReadOnlyList<StagedAttachment>? attachments, CaptchaResult? captcha, IntakeKey? key, CancellationToken ct)
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

        if (key is not null)
        {
            // An expired record still holds the primary key: make room (lookups already ignore it).
            var expiredBefore = clock.GetUtcNow();
            await db.IdempotencyRecords.Where(r => r.Scope == key.Scope && r.Key == key.Key && r.ExpiresAt <= expiredBefore).ExecuteDeleteAsync(ct);
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

            IdempotencyRecord? record = null;
            if (key is not null)
            {
                var response = key.Respond(submission);
                record = new IdempotencyRecord
                {
                    Scope = key.Scope,
                    Key = key.Key,
                    RequestHash = key.RequestHash,
                    SubmissionId = submission.Id,
                    ResponseStatus = response.Status,
                    ResponseLocation = response.Location,
                    ResponseBody = response.Body,
                    CreatedAt = now,
                    ExpiresAt = now + idempotency.Value.KeyLifetime,
                };
                db.IdempotencyRecords.Add(record);
            }

            // On the request's span; the outbox rows below carry that span as their traceparent.
            PortalTelemetry.TagTrackingCode(submission.TrackingCode);
            db.OutboxMessages.Add(OutboxMessage.Publish(
                new SubmissionReceived(submission.Id, submission.TrackingCode, submission.Kind.Code(), now), now));
            db.OutboxMessages.Add(ReceiptNotification.Queue(submission, portal.Value.PublicBaseUrl, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (key is not null && await db.IdempotencyRecords.AsNoTracking()
                        .FirstOrDefaultAsync(r => r.Scope == key.Scope && r.Key == key.Key, ct) is { } winner)
                {
                    // A concurrent request with the same key committed first (PostgreSQL made us wait for it).
                    return new Outcome(null, new Dictionary<string, string[]>(), winner, Replayed: true);
                }

                if (captcha?.ReplayKey is { } usedKey && await db.UsedCaptchas.AsNoTracking().AnyAsync(u => u.Key == usedKey, ct))
                {
                    // A concurrent request used the same solution first.
                    return new Outcome(null, new Dictionary<string, string[]> { ["captcha"] = [text["Error.Captcha"]] });
                }

                var code = submission.TrackingCode;
                if (attempt >= 2 || !await db.Submissions.AsNoTracking().AnyAsync(s => s.TrackingCode == code, ct))
                {
                    throw; // not a tracking-code collision (or a third one in a row)
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

            return new Outcome(submission, new Dictionary<string, string[]>(), record);
        }
    }

    public string StatusUrl(string trackingCode) =>
        ReceiptNotification.StatusUrl(portal.Value.PublicBaseUrl, trackingCode);
}
