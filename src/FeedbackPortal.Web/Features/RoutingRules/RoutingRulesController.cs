using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.RoutingRules;

public sealed record RuleRow(int Id, string? Kind, string? Field, string? Locality, string Target, int Priority, string Description,
    bool IsActive, int Specificity)
{
    /// <summary>The communes the rule is limited to, by name; empty for the whole province.</summary>
    public IReadOnlyList<string> Communes { get; init; } = [];
}

public sealed class RuleForm
{
    /// <summary>The target value meaning "the People's Committee of the submitter's province".</summary>
    public const string LocalityTarget = "@locality";

    public int? Id { get; set; }
    public string? Kind { get; set; }
    public string? Field { get; set; }
    public string? Locality { get; set; }

    /// <summary>Communes of the province, comma-separated, by name (with or without marks) or code; blank for the whole province.</summary>
    public string? Communes { get; set; }

    public string? Target { get; set; }
    public int Priority { get; set; }
    public string? Description { get; set; }
    public bool IsActive { get; set; } = true;
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<Option> Fields { get; set; } = [];
    public IReadOnlyList<Option> Localities { get; set; } = [];
    public IReadOnlyList<Option> Agencies { get; set; } = [];
}

/// <summary>
/// Routing rules as data, for coordinators: (kind?, field?, locality?, communes?) → agency or the province's
/// People's Committee. The routing consumer reads the active rules for every case, so a change here
/// applies to the next submission without a restart. Rules are deactivated, never deleted: routing
/// decisions keep pointing at the rule that made them.
/// </summary>
[Route("staff/routing-rules")]
[Authorize(Policy = Policies.Coordinator)]
public sealed class RoutingRulesController(PortalDbContext db, ReferenceLists lists, CommuneDirectory communes,
    IStringLocalizer<RoutingRulesText> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var names = await AgencyNamesAsync(ct);
        var rules = await db.RoutingRules.AsNoTracking().ToListAsync(ct);
        var rows = rules
            .OrderByDescending(r => r.IsActive).ThenBy(r => r.FieldCode).ThenByDescending(r => r.Specificity).ThenByDescending(r => r.Priority).ThenBy(r => r.Id)
            .Select(r => new RuleRow(r.Id, r.Kind?.Code(), r.FieldCode, r.LocalityCode,
                r.ToLocalityAgency ? text["Target.Locality"] : names.GetValueOrDefault(r.TargetAgencyCode!, r.TargetAgencyCode!),
                r.Priority, r.Description, r.IsActive, r.Specificity)
            {
                Communes = r.Communes.Select(c => communes.DisplayName(r.LocalityCode, c, ReferenceLists.Language)!).ToList(),
            })
            .ToList();
        return View("~/Features/RoutingRules/Index.cshtml", rows);
    }

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => await ShowAsync(new RuleForm(), ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var rule = await db.RoutingRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return NotFound();
        }

        return await ShowAsync(new RuleForm
        {
            Id = rule.Id,
            Kind = rule.Kind?.Code(),
            Field = rule.FieldCode,
            Locality = rule.LocalityCode,
            Communes = string.Join(", ", rule.Communes.Select(c => communes.Find(rule.LocalityCode, c)?.NameVi ?? c)),
            Target = rule.ToLocalityAgency ? RuleForm.LocalityTarget : rule.TargetAgencyCode,
            Priority = rule.Priority,
            Description = rule.Description,
            IsActive = rule.IsActive,
        }, ct);
    }

    [HttpPost("new")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> CreatePost([FromForm] RuleForm form, CancellationToken ct) => SaveAsync(null, form, ct);

    [HttpPost("{id:int}")]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> EditPost(int id, [FromForm] RuleForm form, CancellationToken ct) => SaveAsync(id, form, ct);

    [HttpPost("{id:int}/active")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> SetActive(int id, [FromForm] bool active, CancellationToken ct)
    {
        var rule = await db.RoutingRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null)
        {
            return NotFound();
        }

        rule.Update(rule.Kind, rule.FieldCode, rule.LocalityCode, rule.TargetAgencyCode, rule.ToLocalityAgency, rule.Priority,
            rule.Description, active);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = text[active ? "Activated" : "Deactivated", id].Value;
        return Redirect("/staff/routing-rules");
    }

    private async Task<IActionResult> SaveAsync(int? id, RuleForm form, CancellationToken ct)
    {
        RoutingRule? rule = null;
        if (id is not null)
        {
            rule = await db.RoutingRules.FirstOrDefaultAsync(r => r.Id == id, ct);
            if (rule is null)
            {
                return NotFound();
            }
        }

        form.Id = id;
        await ValidateAsync(form, ct);
        if (form.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(form, ct);
        }

        SubmissionKind? kind = SubmissionKinds.TryParse(form.Kind, out var parsedKind) ? parsedKind : null;
        var toLocality = form.Target == RuleForm.LocalityTarget;
        var target = toLocality ? null : form.Target;
        var field = Blank(form.Field);
        var locality = Blank(form.Locality);
        var description = form.Description!.Trim();
        var communeCodes = ResolveCommunes(form).Select(c => c!.Code).ToList();
        if (rule is null)
        {
            rule = new RoutingRule(kind, field, locality, target, toLocality, form.Priority, description);
            if (!form.IsActive)
            {
                rule.Update(kind, field, locality, target, toLocality, form.Priority, description, false);
            }

            db.RoutingRules.Add(rule);
        }
        else
        {
            rule.Update(kind, field, locality, target, toLocality, form.Priority, description, form.IsActive);
        }

        rule.LimitToCommunes(communeCodes);
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = text["Saved", rule.Id].Value;
        return Redirect("/staff/routing-rules");
    }

    private async Task ValidateAsync(RuleForm form, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(form.Kind) && !SubmissionKinds.TryParse(form.Kind, out _))
        {
            form.Errors["Kind"] = text["Error.Kind"];
        }

        if (Blank(form.Field) is { } field && !await db.Fields.AnyAsync(f => f.Code == field, ct))
        {
            form.Errors["Field"] = text["Error.Field"];
        }

        if (Blank(form.Locality) is { } locality && !await db.Agencies.AnyAsync(a => a.LocalityCode == locality, ct))
        {
            form.Errors["Locality"] = text["Error.Locality"];
        }

        if (Blank(form.Communes) is { } named)
        {
            if (Blank(form.Locality) is null)
            {
                form.Errors["Communes"] = text["Error.CommunesNeedLocality"];
            }
            else if (!form.Errors.ContainsKey("Locality") && ResolveCommunes(form) is var found && found.Contains(null))
            {
                var unknown = named.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where((_, i) => found[i] is null);
                form.Errors["Communes"] = text["Error.Communes", string.Join(", ", unknown)];
            }
        }

        if (string.IsNullOrWhiteSpace(form.Target))
        {
            form.Errors["Target"] = text["Error.TargetRequired"];
        }
        else if (form.Target != RuleForm.LocalityTarget && !await db.Agencies.AnyAsync(a => a.Code == form.Target, ct))
        {
            form.Errors["Target"] = text["Error.Target"];
        }

        if (form.Priority is < -1000 or > 1000)
        {
            form.Errors["Priority"] = text["Error.Priority"];
        }

        if (string.IsNullOrWhiteSpace(form.Description) || form.Description.Trim().Length > 500)
        {
            form.Errors["Description"] = text["Error.Description"];
        }
    }

    private async Task<IActionResult> ShowAsync(RuleForm form, CancellationToken ct)
    {
        form.Fields = await lists.FieldsAsync(ct);
        form.Localities = await lists.LocalitiesAsync(ct);
        form.Agencies = (await db.Agencies.AsNoTracking().Where(a => a.IsActive).ToListAsync(ct))
            .Select(a => new Option(a.Code, a.Name(ReferenceLists.Language))).OrderBy(a => a.Name, StringComparer.Create(new("vi"), false)).ToList();
        return View("~/Features/RoutingRules/Edit.cshtml", form);
    }

    private async Task<Dictionary<string, string>> AgencyNamesAsync(CancellationToken ct) =>
        await db.Agencies.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Name(ReferenceLists.Language), ct);

    /// <summary>Each comma-separated entry as a commune of the rule's province (null where none matches one and only one).</summary>
    private List<FeedbackPortal.Domain.Agencies.Commune?> ResolveCommunes(RuleForm form)
    {
        var locality = Blank(form.Locality);
        if (locality is null || Blank(form.Communes) is not { } named)
        {
            return [];
        }

        return named.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => communes.Find(locality, n) ?? communes.Resolve(locality, n))
            .ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
