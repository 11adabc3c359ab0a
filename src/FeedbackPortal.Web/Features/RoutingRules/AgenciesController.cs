using System.ComponentModel.DataAnnotations;
using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.RoutingRules;

public sealed class AgencyForm
{
    public bool IsNew { get; set; }
    public string? Code { get; set; }
    public string? NameVi { get; set; }
    public string? NameEn { get; set; }
    public string? Type { get; set; }
    public string? ContactEmail { get; set; }
    public string? HeadEmail { get; set; }
    public bool ExternalConsumer { get; set; }
    public bool IsActive { get; set; } = true;
    public Dictionary<string, string> Errors { get; } = [];
}

/// <summary>
/// The agency registry for coordinators: contacts, the "external consumer" flag (the agency's own
/// system consumes agency.&lt;code&gt;; the portal's inbox lets go of it) and new agencies, whose queue
/// is declared without a restart (the queue reconciler is signalled here, and runs periodically in
/// separate worker processes; the outbox also declares it before the first message).
/// </summary>
[Route("staff/agencies")]
[Authorize(Policy = Policies.Coordinator)]
public sealed class AgenciesController(PortalDbContext db, IStringLocalizer<RoutingRulesText> text) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().ToListAsync(ct);
        return View("~/Features/RoutingRules/Agencies.cshtml",
            agencies.OrderBy(a => a.Type).ThenBy(a => a.Code, StringComparer.Ordinal).ToList());
    }

    [HttpGet("new")]
    public IActionResult Create() => Show(new AgencyForm { IsNew = true, Type = nameof(AgencyType.Ministry) });

    [HttpGet("{code}")]
    public async Task<IActionResult> Edit(string code, CancellationToken ct)
    {
        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        return agency is null ? NotFound() : Show(new AgencyForm
        {
            Code = agency.Code,
            NameVi = agency.NameVi,
            NameEn = agency.NameEn,
            Type = agency.Type.ToString(),
            ContactEmail = agency.ContactEmail,
            HeadEmail = agency.HeadEmail,
            ExternalConsumer = agency.ExternalConsumer,
            IsActive = agency.IsActive,
        });
    }

    [HttpPost("new")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> CreatePost([FromForm] AgencyForm form, CancellationToken ct)
    {
        form.IsNew = true;
        form.Code = form.Code?.Trim().ToLowerInvariant();
        if (!Agency.IsValidCode(form.Code))
        {
            form.Errors["Code"] = text["Agency.Error.Code"];
        }
        else if (await db.Agencies.AnyAsync(a => a.Code == form.Code, ct))
        {
            form.Errors["Code"] = text["Agency.Error.CodeTaken"];
        }

        // Provinces come from the reference data with their locality; coordinators add the others.
        if (!Enum.TryParse<AgencyType>(form.Type, out var type) || type == AgencyType.Province)
        {
            form.Errors["Type"] = text["Agency.Error.Type"];
        }

        Validate(form);
        if (form.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Show(form);
        }

        var agency = new Agency(form.Code!, type, form.NameVi!.Trim(), form.NameEn!.Trim());
        Apply(agency, form);
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(ct);
        return Saved(agency.Code);
    }

    [HttpPost("{code}")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> EditPost(string code, [FromForm] AgencyForm form, CancellationToken ct)
    {
        var agency = await db.Agencies.FirstOrDefaultAsync(a => a.Code == code, ct);
        if (agency is null)
        {
            return NotFound();
        }

        form.Code = agency.Code;
        form.Type = agency.Type.ToString();
        Validate(form);
        if (form.Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Show(form);
        }

        agency.UpdateNames(form.NameVi!.Trim(), form.NameEn!.Trim());
        Apply(agency, form);
        await db.SaveChangesAsync(ct);
        return Saved(agency.Code);
    }

    private void Validate(AgencyForm form)
    {
        if (string.IsNullOrWhiteSpace(form.NameVi) || form.NameVi.Length > 300)
        {
            form.Errors["NameVi"] = text["Agency.Error.Name"];
        }

        if (string.IsNullOrWhiteSpace(form.NameEn) || form.NameEn.Length > 300)
        {
            form.Errors["NameEn"] = text["Agency.Error.Name"];
        }

        var email = new EmailAddressAttribute();
        if (!string.IsNullOrWhiteSpace(form.ContactEmail) && !email.IsValid(form.ContactEmail.Trim()))
        {
            form.Errors["ContactEmail"] = text["Agency.Error.Email"];
        }

        if (!string.IsNullOrWhiteSpace(form.HeadEmail) && !email.IsValid(form.HeadEmail.Trim()))
        {
            form.Errors["HeadEmail"] = text["Agency.Error.Email"];
        }
    }

    private static void Apply(Agency agency, AgencyForm form)
    {
        agency.SetContacts(string.IsNullOrWhiteSpace(form.ContactEmail) ? null : form.ContactEmail.Trim(),
            string.IsNullOrWhiteSpace(form.HeadEmail) ? null : form.HeadEmail.Trim());
        agency.SetExternalConsumer(form.ExternalConsumer);
        agency.SetActive(form.IsActive || agency.Code == Agency.CentralTriage);
    }

    private IActionResult Saved(string code)
    {
        // In-process workers reconcile the agency queues now; separate workers on their next pass.
        HttpContext.RequestServices.GetService<AgencyQueues>()?.Signal();
        TempData["Flash"] = text["Agency.Saved", code].Value;
        return Redirect("/staff/agencies");
    }

    private ViewResult Show(AgencyForm form) => View("~/Features/RoutingRules/AgencyEdit.cshtml", form);
}
