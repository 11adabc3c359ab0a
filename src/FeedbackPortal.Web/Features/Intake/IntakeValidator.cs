using System.Net.Mail;
using System.Text.RegularExpressions;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Domain.Text;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Intake;

/// <summary>
/// Every intake rule in one place, for the forms and the APIs alike. Errors are keyed by the JSON
/// path of the field and worded in the request's language.
/// </summary>
public sealed partial class IntakeValidator(PortalDbContext db, CommuneDirectory communes, IStringLocalizer<IntakeText> text)
{
    public const int TitleMax = 200;
    public const int TitleMin = 10;
    public const int ContentMax = 10000;
    public const int ContentMin = 30;
    public const int NameMax = 200;
    public const int LongTextMax = 5000;

    public sealed record Result(SubmissionDraft? Draft, IReadOnlyDictionary<string, string[]> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    public async Task<Result> ValidateAsync(IntakeRequest request, string language, string channel, string policyVersion, CancellationToken ct)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string messageKey, params object[] args) =>
            (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(text[messageKey, args]);

        if (!SubmissionKinds.TryParse(request.Kind, out var kind))
        {
            Add("kind", "Error.Kind");
        }

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            Add("title", "Error.TitleRequired");
        }
        else if (title.Length < TitleMin || title.Length > TitleMax)
        {
            Add("title", "Error.TitleLength", TitleMin, TitleMax);
        }

        var content = request.Content?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            Add("content", "Error.ContentRequired");
        }
        else if (content.Length < ContentMin || content.Length > ContentMax)
        {
            Add("content", "Error.ContentLength", ContentMin, ContentMax);
        }

        if (string.IsNullOrWhiteSpace(request.Field))
        {
            Add("field", "Error.FieldRequired");
        }
        else if (!await db.Fields.AnyAsync(f => f.Code == request.Field, ct))
        {
            Add("field", "Error.FieldUnknown");
        }

        var localityCode = request.Locality is { Length: > 0 } ? request.Locality : null;
        if (localityCode is not null && !await db.Agencies.AnyAsync(a => a.LocalityCode == localityCode, ct))
        {
            Add("locality", "Error.LocalityUnknown");
        }
        else if (localityCode is null && !string.IsNullOrWhiteSpace(request.LocalityQuery))
        {
            localityCode = await FindLocalityAsync(request.LocalityQuery, ct);
            if (localityCode is null)
            {
                Add("localityQuery", "Error.LocalityQueryUnknown", request.LocalityQuery.Trim());
            }
        }

        var communeCode = request.Commune is { Length: > 0 } ? request.Commune.Trim() : null;
        if (communeCode is not null && !errors.ContainsKey("locality") && !errors.ContainsKey("localityQuery"))
        {
            if (localityCode is null)
            {
                Add("commune", "Error.CommuneNeedsLocality");
            }
            else if (communes.Find(localityCode, communeCode) is null)
            {
                var province = await db.Agencies.AsNoTracking().Where(a => a.LocalityCode == localityCode)
                    .Select(a => language == "en" ? a.LocalityNameEn : a.LocalityNameVi).FirstAsync(ct);
                Add("commune", "Error.CommuneNotInLocality", province!);
            }
        }

        if (request.System is { Length: > 0 } system)
        {
            if (kind != SubmissionKind.Initiative)
            {
                Add("system", "Error.SystemOnlyForInitiatives");
            }
            else if (!await db.Systems.AnyAsync(s => s.Code == system, ct))
            {
                Add("system", "Error.SystemUnknown");
            }
        }

        CheckLength(request.CommuneWard, 200, "communeWard", Add);
        CheckLength(request.ExpectedImpact, LongTextMax, "expectedImpact", Add);
        CheckLength(request.SupportRequested, LongTextMax, "supportRequested", Add);

        var submitter = request.Submitter;
        var name = submitter?.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Add("submitter.name", "Error.NameRequired");
        }
        else if (name.Length > NameMax)
        {
            Add("submitter.name", "Error.TooLong", NameMax);
        }

        var email = submitter?.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            Add("submitter.email", "Error.EmailRequired");
        }
        else if (!IsEmail(email))
        {
            Add("submitter.email", "Error.EmailInvalid");
        }

        var phone = NormalizePhone(submitter?.Phone);
        if (phone is not null && !PhonePattern().IsMatch(phone))
        {
            Add("submitter.phone", "Error.PhoneInvalid");
        }

        var organization = submitter?.Organization;
        var orgName = organization?.Name?.Trim();
        var taxCode = organization?.TaxCode?.Trim();
        if (organization is not null)
        {
            if (string.IsNullOrEmpty(orgName))
            {
                Add("submitter.organization.name", "Error.OrganizationNameRequired");
            }
            else if (orgName.Length > 300)
            {
                Add("submitter.organization.name", "Error.TooLong", 300);
            }

            if (string.IsNullOrEmpty(taxCode))
            {
                Add("submitter.organization.taxCode", "Error.TaxCodeRequired");
            }
            else if (!TaxCodePattern().IsMatch(taxCode))
            {
                Add("submitter.organization.taxCode", "Error.TaxCodeInvalid");
            }
        }

        if (request.Consent != true)
        {
            Add("consent", "Error.ConsentRequired");
        }

        if (errors.Count > 0)
        {
            return new Result(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        var draft = new SubmissionDraft(
            kind, title!, content!, request.Field!, localityCode,
            new Submitter(name!, email!, phone, orgName, taxCode),
            policyVersion, request.AllowPublish == true, language, channel,
            SystemCode: request.System is { Length: > 0 } ? request.System : null,
            CommuneWard: Blank(request.CommuneWard),
            ExpectedImpact: Blank(request.ExpectedImpact),
            SupportRequested: Blank(request.SupportRequested),
            CommuneCode: communeCode);
        return new Result(draft, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// A province typed by name: today's name (Vietnamese or English, with or without diacritics and
    /// "tỉnh"/"thành phố"), or a former province merged into it on 1 July 2025 ("Bình Dương" → Hồ Chí Minh City).
    /// </summary>
    public async Task<string?> FindLocalityAsync(string query, CancellationToken ct)
    {
        var wanted = FoldPlace(query);
        if (wanted.Length == 0)
        {
            return null;
        }

        var provinces = await db.Agencies.AsNoTracking().Where(a => a.LocalityCode != null).ToListAsync(ct);
        return provinces.FirstOrDefault(a => a.LocalityCode == query.Trim()
                || FoldPlace(a.LocalityNameVi) == wanted || FoldPlace(a.LocalityNameEn) == wanted
                || FoldPlace(a.LocalityCode!.Replace('-', ' ')) == wanted)?.LocalityCode
            ?? provinces.FirstOrDefault(a => a.MergedFromNames.Any(m => FoldPlace(m) == wanted))?.LocalityCode;
    }

    private static string FoldPlace(string? name)
    {
        var folded = string.Join(' ', VietnameseText.Fold(name).Split([' ', '\t', ',', '.'], StringSplitOptions.RemoveEmptyEntries));
        foreach (var prefix in (string[])["thanh pho ", "tinh ", "tp ", "city of ", "province of "])
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                folded = folded[prefix.Length..];
            }
        }

        foreach (var suffix in (string[])[" city", " province"])
        {
            if (folded.EndsWith(suffix, StringComparison.Ordinal))
            {
                folded = folded[..^suffix.Length];
            }
        }

        return folded;
    }

    private static void CheckLength(string? value, int max, string key, Action<string, string, object[]> add)
    {
        if (value is not null && value.Trim().Length > max)
        {
            add(key, "Error.TooLong", [max]);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email, out var address) && address.Address == email
        && email.Contains('.', StringComparison.Ordinal) && !email.EndsWith('.');

    /// <summary>Drops spaces, dots, dashes and brackets people type in phone numbers.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        return new string(phone.Where(c => !char.IsWhiteSpace(c) && c is not ('.' or '-' or '(' or ')')).ToArray());
    }

    // Mobile: 0 or +84, then 3/5/7/8/9 and 8 digits. Landline: 0 or +84, then 2 and 9 digits.
    [GeneratedRegex(@"^(?:(?:\+84|84|0)[35789]\d{8}|(?:\+84|84|0)2\d{9})$")]
    private static partial Regex PhonePattern();

    // Mã số thuế: 10 digits, or 10 digits, a hyphen and 3 digits for a dependent unit.
    [GeneratedRegex(@"^\d{10}(?:-\d{3})?$")]
    private static partial Regex TaxCodePattern();
}
