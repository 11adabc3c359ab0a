using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Intake;

public sealed record CommuneItem(string Code, string Locality, string Name, string LocalityName);

/// <summary>A province the query names, today's or a former one merged into it ("Hải Dương" → Hải Phòng).</summary>
public sealed record ProvinceMatch(string Code, string Name, string? Formerly);

public sealed record CommuneItems(string? Locality, ProvinceMatch? Province, IReadOnlyList<CommuneItem> Items);

/// <summary>
/// For the commune type-ahead (site.js) and API clients: GET /api/v1/communes?locality=&amp;q=.
/// Without q, the province's whole list; with q, the best matches, folded on the server so
/// "cam giang" finds Cẩm Giàng while "Cẩm Giàng" ranks the exact name first.
/// </summary>
[ApiController]
[Route("api/v1/communes")]
[AllowAnonymous]
public sealed class CommunesApiController(CommuneDirectory communes, IntakeValidator validator, PortalDbContext db) : ControllerBase
{
    public const int MaxResults = 20;

    [HttpGet]
    [ProducesResponseType(typeof(CommuneItems), StatusCodes.Status200OK)]
    public async Task<CommuneItems> Get([FromQuery] string? locality, [FromQuery] string? q, CancellationToken ct)
    {
        Response.Headers.CacheControl = "public, max-age=3600";
        var language = ReferenceLists.Language;
        var provinces = await db.Agencies.AsNoTracking().Where(a => a.LocalityCode != null)
            .Select(a => new { a.LocalityCode, a.LocalityNameVi, a.LocalityNameEn, a.MergedFrom }).ToListAsync(ct);
        var names = provinces.ToDictionary(p => p.LocalityCode!, p => (language == "en" ? p.LocalityNameEn : p.LocalityNameVi) ?? p.LocalityCode!);
        locality = locality is { Length: > 0 } && names.ContainsKey(locality) ? locality : null;
        q = q is { Length: > 100 } ? q[..100] : q;

        CommuneItem Item(FeedbackPortal.Domain.Agencies.Commune c) =>
            new(c.Code, c.LocalityCode, c.DisplayName(language), names.GetValueOrDefault(c.LocalityCode, c.LocalityCode));

        if (string.IsNullOrWhiteSpace(q))
        {
            return new CommuneItems(locality, null, communes.InLocality(locality).Select(Item).ToList());
        }

        // A province's name typed by habit, above all a former one, points to today's province.
        ProvinceMatch? province = null;
        if (await validator.FindLocalityAsync(q, ct) is { } found && found != locality)
        {
            var row = provinces.First(p => p.LocalityCode == found);
            var formerly = (row.MergedFrom ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(m => FeedbackPortal.Domain.Text.VietnameseText.Fold(m) == FeedbackPortal.Domain.Text.VietnameseText.Fold(q.Trim()));
            province = new ProvinceMatch(found, names[found], formerly);
        }

        return new CommuneItems(locality, province, communes.Search(q, locality, MaxResults).Select(Item).ToList());
    }
}
