using System.Net;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Every response carries the browser hardening headers: a public page, a staff page, API answers, errors.</summary>
public sealed class SecurityHeadersTests(ManyClientsHost host) : IClassFixture<ManyClientsHost>
{
    [Fact]
    public async Task A_public_page_a_staff_page_and_api_answers_carry_every_header()
    {
        using var anonymous = host.CreateClient();
        using (var home = await anonymous.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            HardeningAsserts.AssertHardened(home, page: true);
        }

        using (var form = await anonymous.GetAsync("/submit/feedback"))
        {
            HardeningAsserts.AssertHardened(form, page: true);
        }

        using var officer = await host.StaffAsync(PortalApi.Officer(StaffTestSupport.Ministry));
        using (var inbox = await officer.GetAsync("/staff/inbox"))
        {
            Assert.Equal(HttpStatusCode.OK, inbox.StatusCode);
            Assert.Equal("/staff/inbox", inbox.RequestMessage!.RequestUri!.AbsolutePath);
            HardeningAsserts.AssertHardened(inbox, page: true);
        }

        using (var created = await anonymous.PostSubmissionAsync(PortalApi.Feedback()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            HardeningAsserts.AssertHardened(created, page: false);
        }

        using (var missing = await anonymous.GetAsync("/api/v1/submissions/PA-26-0000-0000"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            HardeningAsserts.AssertHardened(missing, page: false);
        }

        using (var unauthorized = await anonymous.PostAsync("/api/v1/submissions", new StringContent("{}", null, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            HardeningAsserts.AssertHardened(unauthorized, page: false);
        }

        using (var notFoundPage = await anonymous.GetAsync("/khong-co-trang-nay"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFoundPage.StatusCode);
            HardeningAsserts.AssertHardened(notFoundPage, page: true);
        }
    }

    [Fact]
    public async Task Each_page_gets_its_own_nonce()
    {
        using var client = host.CreateClient();
        using var first = await client.GetAsync("/");
        using var second = await client.GetAsync("/");
        Assert.NotEqual(first.Headers.GetValues("Content-Security-Policy").Single(), second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Development_sends_no_hsts_and_leaves_cookies_to_the_request_scheme()
    {
        using var client = host.CreateClient();
        using var form = await client.GetAsync("/submit/feedback");
        Assert.False(form.Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>Production: HSTS on https, and every cookie Secure (antiforgery, the staff sign-in).</summary>
public sealed class ProductionHardeningTests(ProductionHost host) : IClassFixture<ProductionHost>
{
    [Fact]
    public async Task Hsts_and_secure_cookies_in_production()
    {
        const string email = "officer.prod@bo-khcn.feedback.local";
        const string password = "Prod-Officer#2026";
        await host.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Officer" };
            var created = await users.CreateAsync(user, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        });

        using var client = host.HttpsClient(redirects: false);
        using var form = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        HardeningAsserts.AssertHardened(form, page: true);
        var hsts = Assert.Single(form.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fp.af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        using var login = await client.PostFormAsync("/account/login", "/account/login", [new("Email", email), new("Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var staff = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fp.staff=", StringComparison.Ordinal));
        Assert.Contains("secure", staff, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", staff, StringComparison.OrdinalIgnoreCase);
        HardeningAsserts.AssertHardened(login, page: false);
    }
}
