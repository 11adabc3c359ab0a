using System.Net;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.IntegrationTests.Attachments;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Captcha;

public sealed class AltchaPostgresHost() : PortalHost(new PortalHostOptions
{
    Postgres = true,
    Settings =
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:HmacKey"] = "postgres-test-hmac-key-0123456789-0123456789",
        ["Captcha:Altcha:MaxNumber"] = "2000",
    },
});

/// <summary>The same transaction (submission, attachments, used captcha, outbox) on PostgreSQL.</summary>
public sealed class IntakeOnPostgresTests(AltchaPostgresHost host) : IClassFixture<AltchaPostgresHost>
{
    [Fact]
    public async Task A_submission_with_files_records_its_captcha_and_a_reuse_is_refused()
    {
        using var client = host.NoRedirectClient();
        var fields = IntakeForms.ValidFeedback();
        fields["altcha"] = await AltchaSolver.SolvedPayloadAsync(client);

        // A form refused for another reason does not spend the solution (nothing is written).
        fields["Email"] = "sai";
        using var refused = await IntakeForms.PostAsync(client, "feedback", fields, [("so-lieu.xlsx", SampleFiles.Docx())]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        fields["Email"] = "binh.tran@example.vn";

        using var ok = await IntakeForms.PostAsync(client, "feedback", fields, [("bien-ban.pdf", SampleFiles.Pdf())]);
        var code = IntakeForms.TrackingCodeFrom(ok);
        var before = await IntakeForms.CountsAsync(host);

        using var reused = await IntakeForms.PostAsync(client, "feedback", fields);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(before, await IntakeForms.CountsAsync(host));
        var stored = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PortalDbContext>();
            var id = await db.Submissions.Where(s => s.TrackingCode == code).Select(s => s.Id).SingleAsync();
            return (await db.Attachments.CountAsync(a => a.SubmissionId == id), await db.UsedCaptchas.CountAsync(u => u.ExpiresAt > DateTimeOffset.UtcNow));
        });
        Assert.Equal((1, 1), stored);
    }
}
