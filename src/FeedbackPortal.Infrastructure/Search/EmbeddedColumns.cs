namespace FeedbackPortal.Infrastructure.Search;

/// <summary>A case's filter, facet and sort columns as the embedded engine keeps them in memory.</summary>
internal readonly record struct DocRow(
    long RowId, long SubmittedAt, long Deadline, int Status, int Field, int Kind, int Locality, int Assignee, bool Published)
{
    public const long NoDeadline = long.MaxValue;

    public int Slot => EmbeddedRowIds.SlotOf(RowId);

    /// <summary>Newest first; ties by rowid, so every order is total and pages never overlap.</summary>
    public static readonly Comparison<DocRow> NewestFirst = (a, b) =>
        a.SubmittedAt != b.SubmittedAt ? b.SubmittedAt.CompareTo(a.SubmittedAt) : b.RowId.CompareTo(a.RowId);

    /// <summary>Earliest deadline first, cases without one last, then newest.</summary>
    public static readonly Comparison<DocRow> DeadlineFirst = (a, b) =>
        a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : NewestFirst(a, b);
}

/// <summary>Codes for the values of one column (status, field…); code 0 is null. Immutable: readers share it.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _codes;
    private readonly string?[] _names;

    private Vocabulary(Dictionary<string, int> codes, string?[] names)
    {
        _codes = codes;
        _names = names;
    }

    public static Vocabulary Empty { get; } = new(new Dictionary<string, int>(StringComparer.Ordinal), [null]);

    public int Count => _names.Length;

    /// <summary>The code of a value; -1 when no case has it (a filter on it matches nothing).</summary>
    public int CodeOf(string? name) => name is null ? 0 : _codes.GetValueOrDefault(name, -1);

    public string? NameOf(int code) => _names[code];

    /// <summary>This vocabulary, or a copy that also knows <paramref name="names"/>.</summary>
    public Vocabulary With(IEnumerable<string?> names)
    {
        var added = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name is not null && !_codes.ContainsKey(name) && seen.Add(name))
            {
                added.Add(name);
            }
        }

        if (added.Count == 0)
        {
            return this;
        }

        var codes = new Dictionary<string, int>(_codes, StringComparer.Ordinal);
        var list = _names.ToList();
        foreach (var name in added)
        {
            codes[name] = list.Count;
            list.Add(name);
        }

        return new Vocabulary(codes, list.ToArray());
    }
}

/// <summary>
/// The in-memory columns of one index file at one generation: per agency slot, the cases sorted by
/// rowid (= by submission time). Immutable; a newer generation is a new snapshot sharing unchanged
/// segments. Filters, facets and browse ordering run over these arrays instead of row lookups.
/// </summary>
internal sealed class ColumnSnapshot
{
    public required string Path { get; init; }
    public required long Generation { get; init; }
    public required DocRow[]?[] Segments { get; init; }
    public required string?[] AgencyOfSlot { get; init; }
    public required Dictionary<string, int> SlotOfAgency { get; init; }
    public required Vocabulary Statuses { get; init; }
    public required Vocabulary Fields { get; init; }
    public required Vocabulary Kinds { get; init; }
    public required Vocabulary Localities { get; init; }
    public required Vocabulary Assignees { get; init; }

    /// <summary>The slots a query reads: every one, or those of the given agencies that have cases.</summary>
    public int[] SlotsFor(IReadOnlyCollection<string>? agencies) => agencies is null
        ? Enumerable.Range(0, Segments.Length).Where(s => Segments[s] is { Length: > 0 }).ToArray()
        : agencies.Select(a => SlotOfAgency.GetValueOrDefault(a, -1)).Where(s => s >= 0 && s < Segments.Length && Segments[s] is { Length: > 0 })
            .Distinct().ToArray();

    /// <summary>Index of the first row of a segment with rowid ≥ <paramref name="rowId"/> (within [from, to)).</summary>
    public static int LowerBound(DocRow[] rows, long rowId, int from, int to)
    {
        var lo = from;
        var hi = to;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (rows[mid].RowId < rowId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
