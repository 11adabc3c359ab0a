using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FeedbackPortal.IntegrationTests.Cases;
using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Account;

public sealed partial class StaffAccountTests(StaffHost host) : IClassFixture<StaffHost>
{
    private const string Password = "Second@Factor1";

    private async Task<string> CreateOfficerAsync(string email)
    {
        var admin = await host.StaffAsync("admin@feedback.local");
        using var created = await admin.PostFormAsync("/staff/admin", "/staff/admin/staff",
            [new("email", email), new("displayName", "Cán bộ thử"), new("role", "Officer"), new("password", Password), new("agencies", "bo-khcn")]);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var list = await admin.GetStringAsync("/staff/admin?q=" + Uri.EscapeDataString(email));
        return IdPattern().Match(list).Groups[1].Value;
    }

    [Fact]
    public async Task A_staff_member_turns_on_TOTP_and_then_needs_the_code_to_sign_in()
    {
        await CreateOfficerAsync("totp@bo-khcn.feedback.local");
        var client = host.CreateClient();
        await client.LoginAsync("totp@bo-khcn.feedback.local", Password);
        var setup = await client.GetStringAsync("/account/2fa");
        Assert.Contains("otpauth://totp/", setup);
        var key = SharedKey().Match(setup).Groups[1].Value;

        using (var wrong = await client.PostFormAsync("/account/2fa", "/account/2fa/enable", [new("code", "000000")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var enable = await client.PostFormAsync("/account/2fa", "/account/2fa/enable", [new("code", Totp(key))]))
        {
            Assert.Contains("data-enabled=\"true\"", await enable.Content.ReadAsStringAsync());
        }

        var fresh = host.CreateClient();
        using (var login = await fresh.PostFormAsync("/account/login", "/account/login",
                   [new("Email", "totp@bo-khcn.feedback.local"), new("Password", Password)]))
        {
            Assert.Equal("/account/login-2fa", login.RequestMessage!.RequestUri!.AbsolutePath);
        }

        using (var blocked = await fresh.GetAsync("/staff/inbox"))
        {
            Assert.Equal("/account/login", blocked.RequestMessage!.RequestUri!.AbsolutePath);
        }

        using (var bad = await fresh.PostFormAsync("/account/login-2fa", "/account/login-2fa", [new("code", "123456")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var good = await fresh.PostFormAsync("/account/login-2fa", "/account/login-2fa", [new("code", Totp(key))]))
        {
            Assert.Equal("/staff/inbox", good.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
    }

    [Fact]
    public async Task An_administrator_locks_and_unlocks_an_account_and_others_cannot_administer()
    {
        var id = await CreateOfficerAsync("locked@bo-khcn.feedback.local");
        var admin = await host.StaffAsync("admin@feedback.local");
        using (var locked = await admin.PostFormAsync("/staff/admin", $"/staff/admin/staff/{id}/lock", []))
        {
            Assert.Contains("data-locked=\"true\"", await (await admin.GetAsync("/staff/admin?q=locked@")).Content.ReadAsStringAsync());
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.CreateClient().LoginAsync("locked@bo-khcn.feedback.local", Password));
        using (var unlocked = await admin.PostFormAsync("/staff/admin", $"/staff/admin/staff/{id}/unlock", []))
        {
            Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        }

        await host.CreateClient().LoginAsync("locked@bo-khcn.feedback.local", Password);

        using (var weak = await admin.PostFormAsync("/staff/admin", "/staff/admin/staff",
                   [new("email", "weak@bo-khcn.feedback.local"), new("role", "Officer"), new("password", "short"), new("agencies", "bo-khcn")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        }

        var officer = await host.StaffAsync(PortalApi.Officer("bo-khcn"));
        using var forbidden = await officer.GetAsync("/staff/admin");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from the base32 key, as an authenticator app computes it.</summary>
    private static string Totp(string base32Key)
    {
        var key = Base32(base32Key);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1; this mirrors them.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }

    [GeneratedRegex("id=\"shared-key\">([A-Z2-7]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex("action=\"/staff/admin/staff/([^/\"]+)/lock\"")]
    private static partial Regex IdPattern();
}
