using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Telemetry;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// Sends requested e-mails once per notification id. A crash between sending and recording can
/// send it again: the pickup sender then replaces its file (named after the id) and SMTP repeats
/// the same Message-ID; a transient failure retries and then goes
/// to the error queue. A permanent refusal (5xx) is recorded as a bounce and not retried, and
/// further notifications to that address are suppressed for <c>Email:BounceSuppressionDays</c>.
/// </summary>
public sealed class NotificationConsumer(
    PortalDbContext db, IEmailSender sender, TimeProvider clock, IOptions<EmailOptions> options, PortalMetrics metrics,
    ILogger<NotificationConsumer> logger)
    : IConsumer<NotificationRequested>
{
    public async Task Consume(ConsumeContext<NotificationRequested> context)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        if (await db.SentNotifications.AnyAsync(n => n.NotificationId == message.NotificationId, ct))
        {
            return;
        }

        var email = EmailTemplates.Render(message.Template, message.Language, message.To, message.Values) with { Id = message.NotificationId };
        var hash = EmailBounce.HashOf(message.To);
        var bounce = await db.EmailBounces.FirstOrDefaultAsync(b => b.AddressHash == hash, ct);
        var now = clock.GetUtcNow();
        string outcome;
        if (bounce is not null && bounce.SuppressedUntil > now)
        {
            outcome = NotificationOutcome.Suppressed;
            logger.LogInformation("Notification {NotificationId} ({Template}) not sent: the address bounced ({StatusCode}) until {SuppressedUntil}.",
                message.NotificationId, message.Template, bounce.StatusCode, bounce.SuppressedUntil);
        }
        else
        {
            try
            {
                await sender.SendAsync(email, ct);
                outcome = NotificationOutcome.Sent;
            }
            catch (Exception ex) when (ex is not EmailRejectedException and not OperationCanceledException)
            {
                // Transient (server down, timeout): the message retries, then goes to the error queue.
                metrics.EmailFailed(message.Template, "error");
                throw;
            }
            catch (EmailRejectedException rejected)
            {
                metrics.EmailFailed(message.Template, "bounced");
                outcome = NotificationOutcome.Bounced;
                RecordBounce(bounce, hash, rejected, message.To, now);
                logger.LogWarning("Notification {NotificationId} ({Template}) refused for good: {Reason}",
                    message.NotificationId, message.Template, EmailBounce.Redact(rejected.Reason, message.To));
            }
        }

        db.SentNotifications.Add(new SentNotification
        {
            NotificationId = message.NotificationId,
            Template = message.Template,
            SubmissionId = message.SubmissionId,
            SentAt = now,
            Outcome = outcome,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another consumer may have recorded the same notification (or bounce) concurrently.
            db.ChangeTracker.Clear();
            if (!await db.SentNotifications.AsNoTracking().AnyAsync(n => n.NotificationId == message.NotificationId, ct))
            {
                throw;
            }
        }
    }

    private void RecordBounce(EmailBounce? bounce, string hash, EmailRejectedException rejected, string address, DateTimeOffset now)
    {
        if (bounce is null)
        {
            bounce = new EmailBounce { AddressHash = hash, FirstBouncedAt = now };
            db.EmailBounces.Add(bounce);
        }

        bounce.Count++;
        bounce.StatusCode = rejected.StatusCode;
        bounce.Reason = EmailBounce.Redact(rejected.Reason, address);
        bounce.LastBouncedAt = now;
        bounce.SuppressedUntil = now.AddDays(options.Value.BounceSuppressionDays);
    }
}
