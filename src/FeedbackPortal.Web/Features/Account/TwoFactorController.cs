using System.Text.Encodings.Web;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Audit;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Account;

public sealed class TwoFactorPage
{
    public bool Enabled { get; init; }
    public string? SharedKey { get; init; }
    public string? AuthenticatorUri { get; init; }
    public string? Error { get; init; }
    public string? ReturnUrl { get; init; }
    public bool Done { get; init; }
}

/// <summary>
/// Optional TOTP second factor for staff (Identity's authenticator provider, RFC 6238): the setup
/// page shows the shared key and the otpauth:// URI as text for any authenticator app.
/// </summary>
[Route("account")]
public sealed class TwoFactorController(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AuditLog audit,
    IStringLocalizer<AccountText> text) : Controller
{
    private const string SetupView = "/Features/Account/TwoFactor.cshtml";
    private const string LoginView = "/Features/Account/LoginTwoFactor.cshtml";

    [HttpGet("2fa")]
    [Authorize(Policy = Policies.Staff)]
    public async Task<IActionResult> Setup([FromQuery] bool done) => View(SetupView, await SetupPageAsync(null, done));

    [HttpPost("2fa/enable")]
    [Authorize(Policy = Policies.Staff)]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Enable([FromForm] string? code, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var token = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, token))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(SetupView, await SetupPageAsync(text["TwoFactor.InvalidCode"], false));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.RecordAsync("account.2fa_enabled", null, user.Email, ct);
        return Redirect("/account/2fa?done=true");
    }

    [HttpPost("2fa/disable")]
    [Authorize(Policy = Policies.Staff)]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Disable(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync("account.2fa_disabled", null, user.Email, ct);
        return Redirect("/account/2fa");
    }

    [HttpGet("login-2fa")]
    [AllowAnonymous]
    public async Task<IActionResult> LoginTwoFactor([FromQuery] string? returnUrl) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? Redirect("/account/login")
            : View(LoginView, new TwoFactorPage { ReturnUrl = returnUrl });

    [HttpPost("login-2fa")]
    [AllowAnonymous]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> LoginTwoFactor([FromForm] string? code, [FromForm] string? returnUrl)
    {
        var token = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(token, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/staff/inbox");
        }

        HttpContext.RequestServices.GetRequiredService<SignInThrottle>().IpFailed(SignInThrottle.IpOf(HttpContext));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View(LoginView, new TwoFactorPage
        {
            ReturnUrl = returnUrl,
            Error = result.IsLockedOut ? text["Error.LockedOut"] : text["TwoFactor.InvalidCode"],
        });
    }

    private async Task<TwoFactorPage> SetupPageAsync(string? error, bool done)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if (user.TwoFactorEnabled)
        {
            return new TwoFactorPage { Enabled = true, Done = done };
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var issuer = UrlEncoder.Default.Encode("FeedbackPortal");
        var uri = $"otpauth://totp/{issuer}:{UrlEncoder.Default.Encode(user.Email ?? user.Id)}?secret={key}&issuer={issuer}&digits=6";
        return new TwoFactorPage { SharedKey = key, AuthenticatorUri = uri, Error = error };
    }
}
