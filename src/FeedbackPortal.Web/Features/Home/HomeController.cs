using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Home;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View("Index");

    /// <summary>The language switch: a plain link, so it works without JavaScript.</summary>
    [HttpGet("/language/{culture}")]
    public IActionResult Language(string culture, [FromQuery] string? returnUrl)
    {
        var chosen = culture == "en" ? "en" : "vi";
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    [HttpGet("/error")]
    public IActionResult Error()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("Error");
    }
}

public sealed class HomeText;
