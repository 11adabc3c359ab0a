using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.About;

public sealed class AboutPage
{
    public required string PolicyVersion { get; init; }
    public required string ContactEmail { get; init; }
}

/// <summary>The privacy notice and the accessibility statement: static texts plus a few settings.</summary>
public sealed class AboutController(IConfiguration configuration) : Controller
{
    [HttpGet("/privacy")]
    public IActionResult Privacy() => View("Privacy", Page());

    [HttpGet("/accessibility")]
    public IActionResult Accessibility() => View("Accessibility", Page());

    // Privacy:PolicyVersion is the version recorded with each submitter's consent, so the notice shows the same value.
    private AboutPage Page() => new()
    {
        PolicyVersion = configuration["Privacy:PolicyVersion"] ?? "unversioned",
        ContactEmail = configuration["Privacy:ContactEmail"] is { Length: > 0 } email ? email : "hotro@feedback.local",
    };
}

/// <summary>Marker for the About texts (AboutText.resx: Vietnamese; AboutText.en.resx: English).</summary>
public sealed class AboutText;
