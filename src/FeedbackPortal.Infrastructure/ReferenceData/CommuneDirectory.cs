using System.Collections.Frozen;
using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Text;
using Microsoft.Extensions.Configuration;

namespace FeedbackPortal.Infrastructure.ReferenceData;

/// <summary>
/// The commune-level units (xã, phường, đặc khu) per province: the embedded copy of communes.csv
/// (locality,code,kind,name_vi), or the file named by <c>ReferenceData:CommunesFile</c>, so a
/// corrected list is a data change, not a code change. Read once; 3,321 rows fit in memory.
/// </summary>
public sealed class CommuneDirectory
{
    public const string FileKey = "ReferenceData:CommunesFile";

    private readonly FrozenDictionary<string, IReadOnlyList<Commune>> _byLocality;
    private readonly FrozenDictionary<(string, string), Commune> _byCode;

    public CommuneDirectory(IEnumerable<Commune> communes)
    {
        var all = communes.ToList();
        All = all;
        _byLocality = all.GroupBy(c => c.LocalityCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Commune>)g
                .OrderBy(c => c.NameVi, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("vi-VN"), true))
                .ToList());
        _byCode = all.ToFrozenDictionary(c => (c.LocalityCode, c.Code));
    }

    public IReadOnlyList<Commune> All { get; }

    public static CommuneDirectory FromConfiguration(IConfiguration configuration)
    {
        var path = configuration[FileKey];
        if (!string.IsNullOrWhiteSpace(path))
        {
            using var file = File.OpenRead(path);
            return new CommuneDirectory(Parse(file));
        }

        using var stream = typeof(CommuneDirectory).Assembly.GetManifestResourceStream("ReferenceData.communes.csv")
            ?? throw new InvalidOperationException("Embedded reference data communes.csv is missing.");
        return new CommuneDirectory(Parse(stream));
    }

    /// <summary>The province's communes in Vietnamese alphabetical order (empty for an unknown province).</summary>
    public IReadOnlyList<Commune> InLocality(string? localityCode) =>
        localityCode is not null && _byLocality.TryGetValue(localityCode, out var list) ? list : [];

    public Commune? Find(string? localityCode, string? communeCode) =>
        localityCode is null || communeCode is null ? null : _byCode.GetValueOrDefault((localityCode, communeCode));

    public string? DisplayName(string? localityCode, string? communeCode, string language) =>
        communeCode is null ? null : Find(localityCode, communeCode)?.DisplayName(language) ?? communeCode;

    /// <summary>Type-ahead: in one province, or across the country when none is chosen yet.</summary>
    public IReadOnlyList<Commune> Search(string? query, string? localityCode, int limit) =>
        CommuneRanking.Rank(localityCode is null ? All : InLocality(localityCode), query, limit);

    /// <summary>
    /// A commune typed by name in a province (the no-JavaScript fallback): only an unambiguous
    /// answer — one commune with exactly these marks, or the only one whose folded name is this.
    /// </summary>
    public Commune? Resolve(string localityCode, string query)
    {
        var ranked = Search(query, localityCode, 3);
        if (ranked.Count == 0)
        {
            return null;
        }

        var exact = VietnameseText.Exact(query.Trim());
        var sameMarks = ranked.Where(c => VietnameseText.Exact(c.NameVi) == exact || VietnameseText.Exact(c.DisplayName("vi")) == exact).ToList();
        if (sameMarks.Count == 1)
        {
            return sameMarks[0];
        }

        var folded = VietnameseText.Fold(query.Trim());
        var sameFold = ranked.Where(c => VietnameseText.Fold(c.NameVi) == folded || VietnameseText.Fold(c.DisplayName("vi")) == folded).ToList();
        return sameFold.Count == 1 ? sameFold[0] : null;
    }

    private static IEnumerable<Commune> Parse(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim()).ToList()
            ?? throw new InvalidOperationException("communes.csv is empty.");
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i
            : throw new InvalidOperationException($"communes.csv has no '{name}' column.");
        var (locality, code, kind, name) = (Column("locality"), Column("code"), Column("kind"), Column("name_vi"));
        var list = new List<Commune>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            // The names hold no commas or quotes; a line with a different shape is an error, not a guess.
            var cells = line.Split(',');
            if (cells.Length != header.Count)
            {
                throw new InvalidOperationException($"communes.csv: unexpected line '{line}'.");
            }

            list.Add(new Commune(cells[locality].Trim(), cells[code].Trim(), cells[kind].Trim(), cells[name].Trim()));
        }

        return list;
    }
}
