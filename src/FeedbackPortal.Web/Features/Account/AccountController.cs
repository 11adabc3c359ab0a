using FeedbackPortal.Infrastructure.Staff;
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

/// <summary>Staff sign-in with ASP.NET Core Identity; failed attempts lock the account for a while.</summary>
[Route("account")]
public sealed class AccountController(SignInManager<StaffUser> signIn, IStringLocalizer<AccountText> text) : Controller
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

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, isPersistent: false, lockoutOnFailure: true);
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

    private ViewResult Failed(LoginForm form, string error)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Login", new LoginForm { Email = form.Email, ReturnUrl = form.ReturnUrl, Error = error });
    }
}

public sealed class AccountText;
