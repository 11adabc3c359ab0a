namespace FeedbackPortal.Infrastructure.Search;

/// <summary>A query's filters compiled against a snapshot's vocabularies: one array lookup per column.</summary>
internal sealed class EmbeddedRowFilter
{
    private bool[]? _statuses;
    private bool[]? _fields;
    private bool[]? _kinds;
    private bool[]? _localities;
    private int? _assignee;
    private bool _publishedOnly;
    private long _from = long.MinValue;
    private long _to = long.MaxValue;
    private bool? _overdue;
    private long _now;
    private long? _dueBefore;
    private bool[] _clockRunning = [];

    public static EmbeddedRowFilter For(SearchQuery q, ColumnSnapshot s)
    {
        var filter = new EmbeddedRowFilter
        {
            _statuses = Allowed(s.Statuses, q.Statuses),
            _fields = Allowed(s.Fields, q.Fields),
            _kinds = Allowed(s.Kinds, q.Kinds),
            _localities = Allowed(s.Localities, q.Localities),
            // Staff-only filter: ignored for the public, who never see assignees.
            _assignee = q.AssigneeId is { } assignee && !q.Scope.IsPublic ? s.Assignees.CodeOf(assignee) : null,
            _publishedOnly = q.Scope.IsPublic,
            _from = q.SubmittedFrom?.ToUnixTimeMilliseconds() ?? long.MinValue,
            _to = q.SubmittedTo?.ToUnixTimeMilliseconds() ?? long.MaxValue,
            _overdue = q.Overdue,
            // Overdue is computed at query time: a stored flag goes stale as the clock moves.
            _now = q.Now.ToUnixTimeMilliseconds(),
            _dueBefore = q.DueBefore?.ToUnixTimeMilliseconds(),
        };
        filter._clockRunning = Allowed(s.Statuses, OpenStatuses.ClockRunning.ToList()) ?? [];
        return filter;
    }

    public bool Passes(in DocRow r)
    {
        if ((_publishedOnly && !r.Published)
            || (_statuses is not null && !_statuses[r.Status])
            || (_fields is not null && !_fields[r.Field])
            || (_kinds is not null && !_kinds[r.Kind])
            || (_localities is not null && !_localities[r.Locality])
            || (_assignee is { } assignee && r.Assignee != assignee)
            || r.SubmittedAt < _from || r.SubmittedAt > _to)
        {
            return false;
        }

        var clockRunning = _clockRunning[r.Status];
        if (_overdue is { } overdue && overdue != (r.Deadline != DocRow.NoDeadline && r.Deadline < _now && clockRunning))
        {
            return false;
        }

        return _dueBefore is not { } dueBefore || (r.Deadline != DocRow.NoDeadline && r.Deadline <= dueBefore && clockRunning);
    }

    /// <summary>Which codes a value filter admits; null when the filter is absent (anything goes).</summary>
    private static bool[]? Allowed(Vocabulary vocabulary, IReadOnlyCollection<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var allowed = new bool[vocabulary.Count];
        foreach (var value in values)
        {
            if (vocabulary.CodeOf(value) is var code and > 0)
            {
                allowed[code] = true;
            }
        }

        return allowed;
    }
}

/// <summary>Facet counts by code, named at the end (null agency and zero counts left out).</summary>
internal sealed class EmbeddedFacetCounter(ColumnSnapshot snapshot)
{
    private readonly long[] _statuses = new long[snapshot.Statuses.Count];
    private readonly long[] _fields = new long[snapshot.Fields.Count];
    private readonly long[] _slots = new long[snapshot.AgencyOfSlot.Length];

    public void Add(in DocRow row)
    {
        _statuses[row.Status]++;
        _fields[row.Field]++;
        _slots[row.Slot]++;
    }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ToFacets() =>
        new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            [SearchResults.StatusFacet] = Named(_statuses, snapshot.Statuses.NameOf),
            [SearchResults.FieldFacet] = Named(_fields, snapshot.Fields.NameOf),
            [SearchResults.AgencyFacet] = Named(_slots, slot => snapshot.AgencyOfSlot[slot]),
        };

    private static Dictionary<string, long> Named(long[] counts, Func<int, string?> name)
    {
        var named = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var code = 0; code < counts.Length; code++)
        {
            if (counts[code] > 0 && name(code) is { } key)
            {
                named[key] = counts[code];
            }
        }

        return named;
    }
}

/// <summary>The first k rows in an order, from a stream: a heap whose top is the worst row kept.</summary>
internal sealed class EmbeddedTopRows(int k, Comparison<DocRow> order)
{
    private readonly PriorityQueue<DocRow, DocRow> _heap = new(Comparer<DocRow>.Create((a, b) => order(b, a)));

    public void Add(in DocRow row)
    {
        if (_heap.Count < k)
        {
            _heap.Enqueue(row, row);
        }
        else if (order(row, _heap.Peek()) < 0)
        {
            _heap.DequeueEnqueue(row, row);
        }
    }

    public List<DocRow> Result()
    {
        var rows = _heap.UnorderedItems.Select(i => i.Element).ToList();
        rows.Sort(order);
        return rows;
    }
}
