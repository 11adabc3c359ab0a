using System.Text;
using System.Text.RegularExpressions;
using FeedbackPortal.Testing;

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

        var text = await Eventually.UntilAsync(
            () => Task.FromResult(Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.eml").Select(f => Decode(File.ReadAllText(f))).FirstOrDefault(t => t.Contains(code, StringComparison.Ordinal))
                : null),
            t => t is not null, Patience.Background, "the receipt .eml");

        Assert.Contains("To: binh.tran@example.vn", text, StringComparison.Ordinal);
        Assert.Contains($"http://localhost/status/{code}", text, StringComparison.Ordinal);
    }

    /// <summary>Headers plus the body decoded from base64 or quoted-printable (System.Net.Mail picks one).</summary>
    private static string Decode(string eml)
    {
        var split = eml.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = eml[..split];
        var body = eml[(split + 4)..];
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            body = Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", "")));
        }
        else if (headers.Contains("quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var soft = body.Replace("=\r\n", "", StringComparison.Ordinal);
            var bytes = new List<byte>();
            for (var i = 0; i < soft.Length; i++)
            {
                if (soft[i] == '=' && i + 2 < soft.Length && Uri.IsHexDigit(soft[i + 1]) && Uri.IsHexDigit(soft[i + 2]))
                {
                    bytes.Add(Convert.ToByte(soft.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(soft[i].ToString()));
                }
            }

            body = Encoding.UTF8.GetString(bytes.ToArray());
        }

        return headers + "\n\n" + body;
    }
}
