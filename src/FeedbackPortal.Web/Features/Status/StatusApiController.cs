using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FeedbackPortal.Web.Features.Status;

/// <summary>Public status as JSON: GET /api/v1/submissions/{trackingCode}. No personal data.</summary>
[ApiController]
[Route("api/v1/submissions")]
[AllowAnonymous]
public sealed class StatusApiController(StatusQuery query) : ControllerBase
{
    [HttpGet("{trackingCode}")]
    [ProducesResponseType(typeof(StatusView), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(string trackingCode, CancellationToken ct)
    {
        var view = await query.FindAsync(trackingCode, ct);
        return view is null ? ApiProblems.NotFound(this) : Ok(view);
    }
}
