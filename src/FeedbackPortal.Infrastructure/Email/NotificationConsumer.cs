using FeedbackPortal.Contracts;
using FeedbackPortal.Infrastructure.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// Sends requested e-mails once per notification id. A crash between sending and recording sends
/// the same notification again on redelivery: the pickup sender then replaces its file (named after
/// the id) and SMTP repeats the same Message-ID. A failure retries and then goes to the error queue.
/// </summary>
public sealed class NotificationConsumer(PortalDbContext db, IEmailSender sender, TimeProvider clock)
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
        await sender.SendAsync(email, ct);
        db.SentNotifications.Add(new SentNotification
        {
            NotificationId = message.NotificationId,
            Template = message.Template,
            SubmissionId = message.SubmissionId,
            SentAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another consumer may have recorded the same notification concurrently.
            if (!await db.SentNotifications.AsNoTracking().AnyAsync(n => n.NotificationId == message.NotificationId, ct))
            {
                throw;
            }
        }
    }
}
