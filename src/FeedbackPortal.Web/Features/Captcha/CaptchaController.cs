using FeedbackPortal.Infrastructure.Captcha;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Captcha;

/// <summary>GET /captcha/challenge: a fresh signed ALTCHA challenge for the widget (Altcha provider only).</summary>
[AllowAnonymous]
public sealed class CaptchaController(ICaptchaVerifier captcha) : Controller
{
    [HttpGet("/captcha/challenge")]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult NewChallenge()
    {
        Response.Headers.CacheControl = "no-store";
        if (captcha is not AltchaCaptcha altcha)
        {
            return NotFound();
        }

        return Json(altcha.CreateChallenge());
    }
}
