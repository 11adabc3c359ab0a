using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Account;

public sealed class LoginForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? ReturnUrl { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// Staff sign-in with ASP.NET Core Identity. Failed passwords lock the account only for the IP they
/// came from (<see cref="SignInThrottle"/>), and the IP itself after a few failures on any accounts:
/// Identity's account-wide lockout would let anyone lock an officer out by guessing wrong on purpose.
/// An administrator's lock (Admin page) still applies everywhere.
/// </summary>
[Route("account")]
public sealed class AccountController(SignInManager<StaffUser> signIn, SignInThrottle throttle, IStringLocalizer<AccountText> text) : Controller
{
    [HttpGet("login")]
    [AllowAnonymous]
    public IActionResult Login([FromQuery] string? returnUrl) => View("Login", new LoginForm { ReturnUrl = returnUrl });

    [HttpPost("login")]
    [AllowAnonymous]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Login([FromForm] LoginForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrWhiteSpace(form.Password))
        {
            return Failed(form, text["Error.Required"]);
        }

        var ip = SignInThrottle.IpOf(HttpContext);
        if (throttle.AccountBlocked(ip, form.Email) is not null)
        {
            return Failed(form, text["Error.LockedOut"], StatusCodes.Status429TooManyRequests);
        }

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor)
        {
            return LocalRedirect("/account/login-2fa?returnUrl=" + Uri.EscapeDataString(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/staff/inbox"));
        }

        if (result.IsLockedOut)
        {
            return Failed(form, text["Error.LockedOut"]);
        }

        if (!result.Succeeded)
        {
            throttle.AccountFailed(ip, form.Email);
            return Failed(form, text["Error.Invalid"]);
        }

        return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/staff/inbox");
    }

    [HttpPost("logout")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    [HttpGet("denied")]
    [AllowAnonymous]
    public IActionResult Denied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("Denied");
    }

    private ViewResult Failed(LoginForm form, string error, int status = StatusCodes.Status400BadRequest)
    {
        Response.StatusCode = status;
        return View("Login", new LoginForm { Email = form.Email, ReturnUrl = form.ReturnUrl, Error = error });
    }
}

public sealed class AccountText;
