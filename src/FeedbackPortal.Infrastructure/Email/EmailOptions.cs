using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>A rendered e-mail. <see cref="Id"/> (the notification id) becomes its Message-ID, so a resend is recognisable.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string Language = "vi", Guid? Id = null);

/// <summary>Sends one e-mail. Called only by consumers behind the outbox, never on a request.</summary>
public interface IEmailSender
{
    /// <exception cref="EmailRejectedException">The server refused the address or message for good (5xx).</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>A permanent refusal (SMTP 5xx for the recipient or the message): retrying cannot help.</summary>
public sealed class EmailRejectedException : Exception
{
    public EmailRejectedException(int statusCode, string reason, Exception innerException)
        : base($"SMTP {statusCode}: {reason}", innerException)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public EmailRejectedException()
    {
    }

    public EmailRejectedException(string message) : base(message)
    {
    }

    public EmailRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public int StatusCode { get; }
    public string Reason { get; } = "";
}

public enum EmailDelivery
{
    Pickup = 1,
    Smtp,
}

/// <summary>How the SMTP connection is secured (MailKit's SecureSocketOptions).</summary>
public enum SmtpSecurity
{
    /// <summary>Implicit TLS on port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto = 1,
    None,
    /// <summary>STARTTLS required: the send fails rather than falling back to plain text.</summary>
    StartTls,
    /// <summary>Implicit TLS (SMTPS, usually port 465).</summary>
    SslOnConnect,
}

public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;
    public string From { get; set; } = "no-reply@feedback.local";
    public string FromName { get; set; } = "Cổng tiếp nhận phản ánh, kiến nghị";

    /// <summary>Pickup folder; default &lt;data directory&gt;/mail.</summary>
    public string? PickupDirectory { get; set; }

    /// <summary>After a permanent refusal, further e-mails to that address are not attempted for this long.</summary>
    public int BounceSuppressionDays { get; set; } = 30;

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string Host { get; set; } = "localhost";
        public int Port { get; set; } = 25;
        public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
        public string? Username { get; set; }
        public string? Password { get; set; }

        /// <summary>Per SMTP operation (connect, each command, the data transfer).</summary>
        public int TimeoutMilliseconds { get; set; } = 30000;

        /// <summary>PEM file of a CA (or a self-signed server certificate) trusted besides the system store: a relay with a private CA.</summary>
        public string? TrustedCertificate { get; set; }

        /// <summary>Connections kept open and reused by consecutive sends.</summary>
        public int MaxConnections { get; set; } = 2;

        /// <summary>An unused connection is closed after this long (servers drop idle clients after a few minutes).</summary>
        public int IdleSeconds { get; set; } = 30;
    }
}

public static class EmailRegistration
{
    public static IServiceCollection AddPortalEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var delivery = PortalConfigurationException.ParseChoice("Email:Delivery", configuration["Email:Delivery"], EmailDelivery.Pickup);
        PortalConfigurationException.ParseChoice("Email:Smtp:Security", configuration["Email:Smtp:Security"], SmtpSecurity.Auto);
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section))
            .Validate(o => o.Delivery != EmailDelivery.Smtp || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Email:Smtp:Host is required when Email:Delivery is Smtp.")
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Email:Smtp:Port must be a TCP port.")
            .Validate(o => o.Smtp.MaxConnections > 0 && o.Smtp.IdleSeconds > 0 && o.Smtp.TimeoutMilliseconds > 0,
                "Email:Smtp:MaxConnections, IdleSeconds and TimeoutMilliseconds must be positive.")
            .Validate(o => o.Smtp.TrustedCertificate is not { Length: > 0 } path || File.Exists(path),
                "Email:Smtp:TrustedCertificate names a file that does not exist.")
            .Validate(o => MailboxAddress.TryParse(o.From, out var a) && a.Address.Contains('@', StringComparison.Ordinal),
                "Email:From must be an e-mail address.")
            .ValidateOnStart();
        if (delivery == EmailDelivery.Smtp)
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, PickupEmailSender>();
        }

        return services;
    }
}
