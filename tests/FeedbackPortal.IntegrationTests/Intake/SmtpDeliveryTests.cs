using System.Globalization;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Testing;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>The portal sending through a real aiosmtpd that requires STARTTLS and AUTH (self-signed certificate made for the run).</summary>
public sealed class StartTlsSmtpFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;
    public PortalHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync(SinkTls.StartTls, "portal:s3cret");
        Host = PortalHost.With(new PortalHostOptions
        {
            Settings =
            {
                ["Email:Delivery"] = "Smtp",
                ["Email:Smtp:Host"] = "localhost",
                ["Email:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "StartTls",
                ["Email:Smtp:TrustedCertificate"] = Smtp.CertificatePath,
                ["Email:Smtp:Username"] = "portal",
                ["Email:Smtp:Password"] = "s3cret",
                ["Portal:PublicBaseUrl"] = "https://gopy.example.gov.vn",
            },
        });
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Host).DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class StartTlsSmtpTests(StartTlsSmtpFixture fixture) : IClassFixture<StartTlsSmtpFixture>
{
    [Fact]
    public async Task The_receipt_goes_over_starttls_with_auth_as_html_and_text_with_encoded_vietnamese_headers()
    {
        using var client = fixture.Host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["Email"] = "tls.receipt@example.vn";
        using var response = await IntakeForms.PostAsync(client, "feedback", fields, culture: "vi");
        var code = IntakeForms.TrackingCodeFrom(response);

        var mail = await fixture.Smtp.WaitForMessageAsync(m => m.GetProperty("subject").GetString()!.Contains(code, StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        Assert.True(mail.GetProperty("tls").GetBoolean());
        Assert.Equal("portal", mail.GetProperty("auth").GetString());
        Assert.Equal("multipart/alternative", mail.GetProperty("content_type").GetString());
        Assert.Equal($"Đã tiếp nhận phản ánh, kiến nghị {code}", mail.GetProperty("subject").GetString());
        Assert.StartsWith("=?utf-8?", mail.GetProperty("raw_subject").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Cổng tiếp nhận phản ánh, kiến nghị", mail.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("@feedback.local>", mail.GetProperty("message_id").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(mail.GetProperty("date").GetString()!);
        Assert.Contains($"Mã tra cứu: {code}", mail.GetProperty("body").GetString(), StringComparison.Ordinal);
        var html = mail.GetProperty("html").GetString()!;
        Assert.Contains($"<a href=\"https://gopy.example.gov.vn/status/{code}\">", html, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_address_is_recorded_as_a_bounce_tried_once_and_then_suppressed()
    {
        using var client = fixture.Host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["Email"] = "bounce.nobody@example.vn";
        using var first = await IntakeForms.PostAsync(client, "feedback", fields, culture: "vi");
        var firstCode = IntakeForms.TrackingCodeFrom(first);
        Assert.Equal(NotificationOutcome.Bounced, await OutcomeAsync(firstCode));
        Assert.Single(fixture.Smtp.Rejected(), a => a == "bounce.nobody@example.vn");

        using var second = await IntakeForms.PostAsync(client, "feedback", fields, culture: "vi");
        Assert.Equal(NotificationOutcome.Suppressed, await OutcomeAsync(IntakeForms.TrackingCodeFrom(second)));
        Assert.Single(fixture.Smtp.Rejected(), a => a == "bounce.nobody@example.vn");

        var bounce = await fixture.Host.InScopeAsync(sp => sp.GetRequiredService<PortalDbContext>().EmailBounces.AsNoTracking()
            .SingleAsync(b => b.AddressHash == EmailBounce.HashOf("Bounce.Nobody@example.vn")));
        Assert.Equal(550, bounce.StatusCode);
        Assert.Equal(1, bounce.Count);
        Assert.DoesNotContain("bounce.nobody", bounce.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private Task<string> OutcomeAsync(string code) =>
        Eventually.UntilAsync(() => fixture.Host.InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<PortalDbContext>();
                var id = await db.Submissions.Where(s => s.TrackingCode == code).Select(s => s.Id).SingleAsync();
                return await db.SentNotifications.Where(n => n.SubmissionId == id).Select(n => n.Outcome).FirstOrDefaultAsync() ?? "";
            }),
            o => o.Length > 0, TimeSpan.FromSeconds(60), $"the receipt of {code} to be handled");
}

/// <summary>The sender on its own against a real SMTPS (implicit TLS, port-465 style) server.</summary>
public sealed class ImplicitTlsSmtpTests : IAsyncLifetime
{
    private SmtpSink _smtp = null!;

    public async Task InitializeAsync() => _smtp = await SmtpSink.StartAsync(SinkTls.Implicit, "relay:pw");

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private SmtpEmailSender Sender(string? trusted) => new(Options.Create(new EmailOptions
    {
        Delivery = EmailDelivery.Smtp,
        Smtp = new EmailOptions.SmtpOptions
        {
            Host = "localhost",
            Port = _smtp.Port,
            Security = SmtpSecurity.SslOnConnect,
            TrustedCertificate = trusted,
            Username = "relay",
            Password = "pw",
            TimeoutMilliseconds = 20000,
        },
    }), TimeProvider.System, NullLogger<SmtpEmailSender>.Instance);

    [Fact]
    public async Task A_batch_goes_over_one_implicit_tls_connection()
    {
        await using var sender = Sender(_smtp.CertificatePath);
        for (var i = 0; i < 5; i++)
        {
            await sender.SendAsync(new EmailMessage($"nguoi{i}@example.vn", $"Thư số {i}", $"Nội dung {i}", "vi", Guid.NewGuid()), CancellationToken.None);
        }

        var messages = await Eventually.UntilAsync(() => Task.FromResult(_smtp.Messages().ToList()), m => m.Count == 5,
            TimeSpan.FromSeconds(30), "five messages");
        Assert.All(messages, m => Assert.True(m.GetProperty("tls").GetBoolean()));
        Assert.All(messages, m => Assert.Equal("relay", m.GetProperty("auth").GetString()));
        Assert.Single(messages.Select(m => m.GetProperty("peer_port").GetInt32()).Distinct());
    }

    [Fact]
    public async Task A_certificate_nobody_trusts_is_refused()
    {
        await using var sender = Sender(trusted: null);
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            sender.SendAsync(new EmailMessage("a@example.vn", "x", "y"), CancellationToken.None));
        Assert.True(error is SslHandshakeException or System.Security.Authentication.AuthenticationException, error.ToString());
        Assert.Empty(_smtp.Messages());
    }
}
