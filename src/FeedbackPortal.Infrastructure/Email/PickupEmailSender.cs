using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// Writes each message as an RFC 5322 <c>.eml</c> file (the embedded run, and inspection). The file is
/// written in a private staging folder and then renamed into the pickup folder (same file system:
/// atomic), so whatever collects .eml files never reads half of one.
/// </summary>
public sealed class PickupEmailSender(IOptions<EmailOptions> options, IOptions<PortalOptions> portal, TimeProvider clock) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var mime = EmailComposer.Compose(message, _options, clock.GetUtcNow());
        var folder = PickupDirectory();
        var staging = Path.Combine(folder, ".staging");
        Directory.CreateDirectory(staging);
        // Named after the notification: sending it again (a crash between sending and recording)
        // replaces the first copy instead of adding a second e-mail.
        var name = (message.Id ?? Guid.NewGuid()).ToString("N") + ".eml";
        var temporary = Path.Combine(staging, Guid.NewGuid().ToString("N") + ".tmp");
        await mime.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, Path.Combine(folder, name), overwrite: true);
    }

    public string PickupDirectory() =>
        string.IsNullOrWhiteSpace(_options.PickupDirectory)
            ? portal.Value.ResolveDataPath("mail")
            : Path.GetFullPath(_options.PickupDirectory);
}
