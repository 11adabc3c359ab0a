using System.Net;
using System.Net.Mail;
using System.Text;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Email;

/// <param name="Id">
/// The notification it carries, when there is one: the pickup file is named after it and SMTP gets it as
/// Message-ID, so sending the same notification again (a crash between sending and recording it)
/// replaces the file instead of adding a second e-mail, and lets a mail system recognise the repeat.
/// </param>
public sealed record EmailMessage(string To, string Subject, string TextBody, Guid? Id = null);

/// <summary>Sends one e-mail. Called only by consumers behind the outbox, never on a request.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public enum EmailDelivery
{
    Pickup = 1,
    Smtp,
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;
    public string From { get; set; } = "no-reply@feedback.local";
    public string FromName { get; set; } = "Cổng tiếp nhận phản ánh, kiến nghị";

    /// <summary>Pickup folder; default &lt;data directory&gt;/mail.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "localhost";
        public int Port { get; set; } = 25;
        public bool EnableStartTls { get; set; }
        public string? Username { get; set; }
        public string? Password { get; set; }
        public int TimeoutMilliseconds { get; set; } = 30000;
    }
}

/// <summary>
/// Both adapters use System.Net.Mail: the pickup one writes RFC 822 .eml files to a folder
/// (for the embedded run and for inspection), the SMTP one talks to a server.
/// </summary>
public sealed class SystemNetMailSender(IOptions<EmailOptions> options, IOptions<PortalOptions> portal) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mail = new MailMessage
        {
            From = new MailAddress(_options.From, _options.FromName, Encoding.UTF8),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.TextBody,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
            HeadersEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(message.To));
        if (message.Id is { } id)
        {
            mail.Headers.Add("Message-ID", $"<{id:N}@{mail.From.Host}>");
        }

        using var client = new SmtpClient();
        string? staging = null;
        if (_options.Delivery == EmailDelivery.Pickup)
        {
            // SmtpClient writes the .eml in place: it goes to a private staging folder first and is
            // then renamed into the pickup folder, so whatever collects .eml files never reads half of one.
            var folder = PickupDirectory();
            staging = Path.Combine(folder, ".staging", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(staging);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = staging;
        }
        else
        {
            client.Host = _options.Smtp.Host;
            client.Port = _options.Smtp.Port;
            client.EnableSsl = _options.Smtp.EnableStartTls;
            client.Timeout = _options.Smtp.TimeoutMilliseconds;
            if (!string.IsNullOrEmpty(_options.Smtp.Username))
            {
                client.Credentials = new NetworkCredential(_options.Smtp.Username, _options.Smtp.Password);
            }
        }

        await client.SendMailAsync(mail, cancellationToken);
        if (staging is not null)
        {
            foreach (var file in Directory.EnumerateFiles(staging, "*.eml"))
            {
                // Same file system: atomic. Named after the notification, a repeat replaces the first copy.
                var name = message.Id is { } notification ? $"{notification:N}.eml" : Path.GetFileName(file);
                File.Move(file, Path.Combine(PickupDirectory(), name), overwrite: true);
            }

            Directory.Delete(staging);
        }
    }

    public string PickupDirectory() =>
        string.IsNullOrWhiteSpace(_options.PickupDirectory)
            ? portal.Value.ResolveDataPath("mail")
            : Path.GetFullPath(_options.PickupDirectory);
}

public static class EmailRegistration
{
    public static IServiceCollection AddPortalEmail(this IServiceCollection services, IConfiguration configuration)
    {
        PortalConfigurationException.ParseChoice("Email:Delivery", configuration["Email:Delivery"], EmailDelivery.Pickup);
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(o => o.Delivery != EmailDelivery.Smtp || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Email:Smtp:Host is required when Email:Delivery is Smtp.")
            .Validate(o => MailAddress.TryCreate(o.From, out _), "Email:From must be an e-mail address.")
            .ValidateOnStart();
        services.AddSingleton<IEmailSender, SystemNetMailSender>();
        return services;
    }
}
