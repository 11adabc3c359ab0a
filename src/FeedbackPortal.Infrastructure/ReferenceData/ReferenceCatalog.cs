using System.Text.Json;
using System.Text.Json.Serialization;
using FeedbackPortal.Domain.Agencies;

namespace FeedbackPortal.Infrastructure.ReferenceData;

/// <summary>
/// The portal's own reference data (agencies, provinces, fields, Systems), embedded in this
/// assembly from copies of the shared lists; nothing outside the project is read at run time.
/// </summary>
public sealed class ReferenceCatalog
{
    private static readonly Lazy<ReferenceCatalog> Instance = new(Read);

    public required IReadOnlyList<AgencyEntry> Agencies { get; init; }
    public required IReadOnlyList<FieldEntry> Fields { get; init; }
    public required IReadOnlyList<SystemEntry> Systems { get; init; }

    public static ReferenceCatalog Load() => Instance.Value;

    private static ReferenceCatalog Read()
    {
        var agencies = Deserialize<AgenciesFile>("agencies.json");
        var categories = Deserialize<CategoriesFile>("categories.json");
        var list = new List<AgencyEntry>();
        list.AddRange(agencies.Central.Select(a => new AgencyEntry(a.Code, AgencyType.Central, a.NameVi, a.NameEn, null)));
        list.AddRange(agencies.Ministries.Select(a => new AgencyEntry(a.Code, AgencyType.Ministry, a.NameVi, a.NameEn, null)));
        list.AddRange(agencies.Provinces.Select(p => new AgencyEntry(
            p.Code,
            AgencyType.Province,
            agencies.ProvinceAgencyName.Vi.Replace("{name_vi}", p.NameVi, StringComparison.Ordinal),
            agencies.ProvinceAgencyName.En.Replace("{name_en}", p.NameEn, StringComparison.Ordinal),
            new LocalityEntry(p.Locality, p.NameVi, p.NameEn, p.MergedFrom))));
        return new ReferenceCatalog
        {
            Agencies = list,
            Fields = categories.Fields,
            Systems = categories.Systems,
        };
    }

    private static T Deserialize<T>(string name)
    {
        using var stream = typeof(ReferenceCatalog).Assembly.GetManifestResourceStream($"ReferenceData.{name}")
            ?? throw new InvalidOperationException($"Embedded reference data {name} is missing.");
        return JsonSerializer.Deserialize<T>(stream) ?? throw new InvalidOperationException($"{name} is empty.");
    }

    public sealed record AgencyEntry(string Code, AgencyType Type, string NameVi, string NameEn, LocalityEntry? Locality);

    public sealed record LocalityEntry(string Code, string NameVi, string NameEn, IReadOnlyList<string> MergedFrom);

    public sealed record FieldEntry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name_vi")] string NameVi,
        [property: JsonPropertyName("name_en")] string NameEn,
        [property: JsonPropertyName("default_agency")] string DefaultAgency,
        [property: JsonPropertyName("local")] bool Local);

    public sealed record SystemEntry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name_vi")] string NameVi,
        [property: JsonPropertyName("name_en")] string NameEn);

    private sealed record NamedEntry(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name_vi")] string NameVi,
        [property: JsonPropertyName("name_en")] string NameEn);

    private sealed record ProvinceEntry(
        [property: JsonPropertyName("locality")] string Locality,
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("name_vi")] string NameVi,
        [property: JsonPropertyName("name_en")] string NameEn,
        [property: JsonPropertyName("merged_from")] IReadOnlyList<string> MergedFrom);

    private sealed record ProvinceAgencyName(
        [property: JsonPropertyName("vi")] string Vi,
        [property: JsonPropertyName("en")] string En);

    private sealed record AgenciesFile(
        [property: JsonPropertyName("central")] IReadOnlyList<NamedEntry> Central,
        [property: JsonPropertyName("ministries")] IReadOnlyList<NamedEntry> Ministries,
        [property: JsonPropertyName("provinces")] IReadOnlyList<ProvinceEntry> Provinces,
        [property: JsonPropertyName("province_agency_name")] ProvinceAgencyName ProvinceAgencyName);

    private sealed record CategoriesFile(
        [property: JsonPropertyName("fields")] IReadOnlyList<FieldEntry> Fields,
        [property: JsonPropertyName("systems")] IReadOnlyList<SystemEntry> Systems);
}
