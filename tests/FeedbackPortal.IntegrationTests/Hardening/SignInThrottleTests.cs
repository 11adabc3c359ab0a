using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Features.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Guessing is limited per address before authentication; an officer cannot be locked out from elsewhere.</summary>
public sealed class SignInThrottleTests(ThrottleHost host) : IClassFixture<ThrottleHost>
{
    [Fact]
    public async Task A_hundred_wrong_api_keys_in_a_row_start_getting_429()
    {
        using var client = host.ClientFrom("203.0.113.10");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.PostSubmissionAsync(PortalApi.Feedback(), apiKey: $"guess-{i:D3}", language: "vi");
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("Quá nhiều yêu cầu", problem.GetProperty("title").GetString());
            }
        }

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        // Even the right key from that address waits now; another address is not affected.
        using (var blocked = await client.PostSubmissionAsync(PortalApi.Feedback()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        }

        using var other = host.ClientFrom("203.0.113.11");
        using var accepted = await other.PostSubmissionAsync(PortalApi.Feedback());
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Thirty_logins_against_thirty_accounts_from_one_address_get_429()
    {
        using var client = host.ClientFrom("203.0.113.20");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await client.PostFormAsync("/account/login", "/account/login",
                [new("Email", $"officer{i}@ubnd-ha-noi.feedback.local"), new("Password", "Sai-mat-khau#1")]);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_officer_only_from_the_guessing_address()
    {
        var officer = PortalApi.Officer(StaffTestSupport.Province);
        using var attacker = host.ClientFrom("198.51.100.7");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await attacker.PostFormAsync("/account/login?culture=en", "/account/login?culture=en",
                [new("Email", officer), new("Password", $"Wrong-{i}#pass")]);
            statuses.Add(response.StatusCode);
            if (i == 6)
            {
                Assert.Contains("locked on this device", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        // The right password from the attacker's address is refused too...
        await Assert.ThrowsAsync<InvalidOperationException>(() => attacker.LoginAsync(officer));
        // ...but the officer at their own desk signs in, and Identity's account-wide lockout was never set.
        using var desk = host.ClientFrom("192.0.2.50");
        await desk.LoginAsync(officer);
        var lockedOut = await host.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            return await users.IsLockedOutAsync((await users.FindByEmailAsync(officer))!);
        });
        Assert.False(lockedOut);
    }

    [Theory]
    [InlineData("vi", "Password123!", "10.000 mật khẩu phổ biến")]
    [InlineData("en", "Qwerty123456!", "10,000 most common passwords")]
    [InlineData("vi", "ngắn", "ít nhất 10 ký tự")]
    [InlineData("en", "no-digits-or-capitals", "at least one digit")]
    public async Task Common_and_weak_staff_passwords_are_refused_in_the_request_language(string culture, string password, string message)
    {
        var errors = await host.InScopeAsync(async sp =>
        {
            var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                var users = sp.GetRequiredService<UserManager<StaffUser>>();
                var email = $"pw-{Guid.NewGuid():N}@bo-khcn.feedback.local";
                var result = await users.CreateAsync(new StaffUser { UserName = email, Email = email }, password);
                Assert.False(result.Succeeded);
                return result.Errors.Select(e => e.Description).ToList();
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
            }
        });
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_list_holds_ten_thousand_passwords_and_compares_letters_and_digits()
    {
        Assert.InRange(CommonPasswordValidator.Count, 9_900, 10_000); // a few collapse to the same letters and digits
        Assert.True(CommonPasswordValidator.IsCommon("Password1!"));
        Assert.True(CommonPasswordValidator.IsCommon("ILOVEYOU"));
        Assert.False(CommonPasswordValidator.IsCommon(PortalApi.Password));
        Assert.False(CommonPasswordValidator.IsCommon("Sông-Hồng#2026-cán-bộ"));
    }
}
