using System.Globalization;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Shared;

public sealed record Option(string Code, string Name, string? Hint = null);

/// <summary>Fields, localities, Systems and agencies in the current UI language, for forms and pages.</summary>
public sealed class ReferenceLists(PortalDbContext db)
{
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "vi";

    public async Task<IReadOnlyList<Option>> FieldsAsync(CancellationToken ct) =>
        (await db.Fields.AsNoTracking().OrderBy(f => f.SortOrder).ToListAsync(ct))
        .Select(f => new Option(f.Code, f.Name(Language))).ToList();

    public async Task<IReadOnlyList<Option>> SystemsAsync(CancellationToken ct) =>
        (await db.Systems.AsNoTracking().OrderBy(s => s.Code).ToListAsync(ct))
        .Select(s => new Option(s.Code, s.Name(Language))).ToList();

    /// <summary>The 34 provinces; the hint lists former provinces merged into each, so "Bình Dương" finds Hồ Chí Minh City.</summary>
    public async Task<IReadOnlyList<Option>> LocalitiesAsync(CancellationToken ct) =>
        (await db.Agencies.AsNoTracking().Where(a => a.LocalityCode != null).ToListAsync(ct))
        .Select(a => new Option(a.LocalityCode!, a.LocalityName(Language)!, a.MergedFrom?.Replace("|", ", ", StringComparison.Ordinal)))
        .OrderBy(o => o.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), true))
        .ToList();

    public async Task<string?> AgencyNameAsync(string? code, CancellationToken ct)
    {
        if (code is null)
        {
            return null;
        }

        var agency = await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        return agency?.Name(Language) ?? code;
    }

    public async Task<string?> FieldNameAsync(string code, CancellationToken ct) =>
        (await db.Fields.AsNoTracking().FirstOrDefaultAsync(f => f.Code == code, ct))?.Name(Language) ?? code;

    public async Task<string?> LocalityNameAsync(string? code, CancellationToken ct) =>
        code is null ? null : (await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.LocalityCode == code, ct))?.LocalityName(Language) ?? code;
}
