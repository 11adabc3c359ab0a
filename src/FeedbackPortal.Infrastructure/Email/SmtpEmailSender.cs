using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Email;

/// <summary>
/// MailKit SMTP delivery. Connections (at most <c>Email:Smtp:MaxConnections</c>) stay open and are
/// reused by consecutive sends, so a burst of receipts costs one TLS handshake and one AUTH, not one
/// per message; one idle for <c>IdleSeconds</c> is closed. A 5xx refusal of the recipient or the
/// message becomes <see cref="EmailRejectedException"/> (the caller records the bounce); anything
/// else is thrown as is and retried by the bus.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable
{
    private readonly EmailOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SmtpEmailSender> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<(SmtpClient Client, DateTimeOffset LastUsed)> _idle = new();
    private readonly Lock _lock = new();
    private readonly ITimer _sweeper;
    private readonly X509Certificate2? _trusted;

    public SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpEmailSender> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.Smtp.MaxConnections);
        _trusted = _options.Smtp.TrustedCertificate is { Length: > 0 } pem ? X509Certificate2.CreateFromPem(File.ReadAllText(pem)) : null;
        var idle = TimeSpan.FromSeconds(_options.Smtp.IdleSeconds);
        _sweeper = clock.CreateTimer(_ => CloseIdle(idle), null, idle, idle);
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var mime = EmailComposer.Compose(message, _options, _clock.GetUtcNow());
        await _slots.WaitAsync(cancellationToken);
        try
        {
            // A pooled connection the server closed while idle fails on first use: one more try on a fresh one.
            for (var attempt = 0; ; attempt++)
            {
                var (client, reused) = await RentAsync(cancellationToken);
                try
                {
                    await client.SendAsync(mime, cancellationToken);
                    Return(client);
                    return;
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode >= 500
                                                     && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                {
                    Return(client); // MailKit has reset the transaction; the connection is fine
                    throw new EmailRejectedException((int)e.StatusCode, e.Message, e);
                }
                catch (Exception e) when (reused && attempt == 0 && e is ServiceNotConnectedException or IOException or SmtpProtocolException)
                {
                    await DiscardAsync(client);
                }
                catch
                {
                    await DiscardAsync(client);
                    throw;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<(SmtpClient Client, bool Reused)> RentAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            while (_idle.TryPop(out var pooled))
            {
                if (pooled.Client.IsConnected)
                {
                    return (pooled.Client, true);
                }

                pooled.Client.Dispose();
            }
        }

        var smtp = _options.Smtp;
        var client = new SmtpClient { Timeout = smtp.TimeoutMilliseconds };
        if (_trusted is not null)
        {
            client.ServerCertificateValidationCallback = TrustedCertificateCallback;
            client.CheckCertificateRevocation = false; // a private CA publishes no revocation list
        }

        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, ToMailKit(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _logger.LogDebug("SMTP connection to {Host}:{Port} opened ({Security}).", smtp.Host, smtp.Port, smtp.Security);
        return (client, false);
    }

    private void Return(SmtpClient client)
    {
        lock (_lock)
        {
            _idle.Push((client, _clock.GetUtcNow()));
        }
    }

    private void CloseIdle(TimeSpan idle)
    {
        List<SmtpClient> stale;
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            var all = _idle.ToList(); // newest first
            stale = [.. all.Where(c => now - c.LastUsed >= idle).Select(c => c.Client)];
            _idle.Clear();
            foreach (var keep in all.Where(c => now - c.LastUsed < idle).Reverse())
            {
                _idle.Push(keep);
            }
        }

        foreach (var client in stale)
        {
            _ = DiscardAsync(client);
        }
    }

    private static async Task DiscardAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or MailKit.ProtocolException or ServiceNotConnectedException)
        {
            // closing a broken connection: nothing left to do
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>The system store first; otherwise a chain ending at the configured certificate, and the host name must match.</summary>
    private bool TrustedCertificateCallback(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_trusted!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        List<SmtpClient> all;
        lock (_lock)
        {
            all = [.. _idle.Select(c => c.Client)];
            _idle.Clear();
        }

        foreach (var client in all)
        {
            await DiscardAsync(client);
        }

        _trusted?.Dispose();
        _slots.Dispose();
    }
}
