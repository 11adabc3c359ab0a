using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Home;

public sealed class HomeController(HomeFiguresQuery figures) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Index", await figures.GetAsync(ct));

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
}

public sealed class HomeText;
