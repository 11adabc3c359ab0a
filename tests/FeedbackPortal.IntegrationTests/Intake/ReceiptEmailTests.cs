using FeedbackPortal.Testing;
using MimeKit;

namespace FeedbackPortal.IntegrationTests.Intake;

/// <summary>The portal with Email:Delivery=Smtp pointing at a real aiosmtpd started for the test.</summary>
public sealed class SmtpFixture : IAsyncLifetime
{
    public SmtpSink Smtp { get; private set; } = null!;
    public PortalHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        Host = PortalHost.With(new PortalHostOptions
        {
            Settings =
            {
                ["Email:Delivery"] = "Smtp",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

public sealed class ReceiptEmailTests(SmtpFixture fixture) : IClassFixture<SmtpFixture>
{
    [Theory]
    [InlineData("vi", "Đã tiếp nhận phản ánh, kiến nghị", "Mã tra cứu:", "Theo dõi tiến độ xử lý tại:")]
    [InlineData("en", "We received your feedback", "Tracking code:", "Follow its progress at:")]
    public async Task The_receipt_reaches_a_real_smtp_server_in_the_submitters_language(string culture, string subject, string codeLine, string linkLine)
    {
        using var client = fixture.Host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["Email"] = $"nguoi.gui.{culture}@example.vn";

        using var response = await IntakeForms.PostAsync(client, "feedback", fields, culture: culture);
        var code = IntakeForms.TrackingCodeFrom(response);

        var mail = await fixture.Smtp.WaitForMessageAsync(m => m.GetProperty("subject").GetString()!.Contains(code, StringComparison.Ordinal),
            Patience.Background);
        Assert.StartsWith(subject, mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(fields["Email"], mail.GetProperty("rcpt_tos")[0].GetString());
        Assert.Equal("no-reply@feedback.local", mail.GetProperty("mail_from").GetString());
        var body = mail.GetProperty("body").GetString()!;
        Assert.Contains($"{codeLine} {code}", body, StringComparison.Ordinal);
        Assert.Contains($"{linkLine} https://gopy.example.gov.vn/status/{code}", body, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", body, StringComparison.Ordinal);
    }
}

public sealed class PickupEmailTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    [Fact]
    public async Task By_default_the_receipt_is_an_eml_file_in_the_pickup_folder()
    {
        using var client = host.NoRedirectClient();
        using var response = await IntakeForms.PostAsync(client, "feedback", IntakeForms.ValidFeedback(), culture: "en");
        var code = IntakeForms.TrackingCodeFrom(response);
        var folder = Path.Combine(host.DataDirectory, "mail");

        var message = await Eventually.UntilAsync(
            () => Task.FromResult(Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => (m.Subject ?? "").Contains(code, StringComparison.Ordinal))
                : null),
            m => m is not null, Patience.Background, "the receipt .eml");

        // The same message the SMTP delivery sends: Message-ID, Date, text and HTML alternatives.
        Assert.Equal("binh.tran@example.vn", message!.To.Mailboxes.Single().Address);
        Assert.EndsWith("@feedback.local", message.MessageId, StringComparison.Ordinal);
        Assert.NotEqual(DateTimeOffset.MinValue, message.Date);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains($"http://localhost/status/{code}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"http://localhost/status/{code}\">", message.HtmlBody, StringComparison.Ordinal);
    }
}
