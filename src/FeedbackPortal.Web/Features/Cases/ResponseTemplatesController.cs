using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Audit;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Cases;

public sealed class TemplatesPage
{
    public required IReadOnlyList<ResponseTemplate> Templates { get; init; }
    public required IReadOnlyList<string> Agencies { get; init; }
    public string? Error { get; init; }
}

/// <summary>Stock answers per agency and field, managed by heads and coordinators within their agencies.</summary>
[Route("staff/templates")]
[Authorize(Policy = Policies.TemplateManager)]
public sealed class ResponseTemplatesController(PortalDbContext db, StaffScope scope, AuditLog audit, TimeProvider clock) : Controller
{
    private const string View_ = "/Features/Cases/Templates.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(View_, await PageAsync(null, ct));

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create([FromForm] string? agency, [FromForm] string? field, [FromForm] string? name,
        [FromForm] string? text, CancellationToken ct)
    {
        var agencies = await scope.AgenciesAsync(ct);
        if (agency is null || !agencies.Contains(agency) || string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(text))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(View_, await PageAsync("required", ct));
        }

        db.ResponseTemplates.Add(new ResponseTemplate
        {
            AgencyCode = agency,
            FieldCode = string.IsNullOrWhiteSpace(field) ? null : field.Trim(),
            Name = name.Trim(),
            Text = text.Trim(),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = scope.UserId ?? "",
        });
        audit.Add("template.create", null, $"{agency}: {name.Trim()}");
        await db.SaveChangesAsync(ct);
        return Redirect("/staff/templates");
    }

    [HttpPost("{id:int}/delete")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var agencies = await scope.AgenciesAsync(ct);
        var template = await db.ResponseTemplates.FirstOrDefaultAsync(t => t.Id == id && agencies.Contains(t.AgencyCode), ct);
        if (template is null)
        {
            return NotFound();
        }

        db.ResponseTemplates.Remove(template);
        audit.Add("template.delete", null, $"{template.AgencyCode}: {template.Name}");
        await db.SaveChangesAsync(ct);
        return Redirect("/staff/templates");
    }

    private async Task<TemplatesPage> PageAsync(string? error, CancellationToken ct)
    {
        var agencies = await scope.AgenciesAsync(ct);
        var templates = await db.ResponseTemplates.AsNoTracking().Where(t => agencies.Contains(t.AgencyCode))
            .OrderBy(t => t.AgencyCode).ThenBy(t => t.Name).ToListAsync(ct);
        return new TemplatesPage { Templates = templates, Agencies = agencies, Error = error };
    }
}
