using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Keeps each process's <see cref="ColumnSnapshot"/> in step with the index file, which other
/// processes (workers, the reindex command) also write. Every write transaction bumps
/// <c>meta.generation</c> and stamps the rows it wrote (<c>docs.gen</c>) and removed (<c>gone.gen</c>);
/// a search reads the generation (one row) and, when it moved, applies only the rows stamped since.
/// A new file (after a rebuild) is loaded whole once.
/// </summary>
internal sealed class EmbeddedColumnCache
{
    private const string RowColumns = "rowid, submitted_at, deadline, status, field, kind, locality, assignee_id, published";
    private readonly object _gate = new();

    // Two files at most: readers that opened the old file just before a swap must not evict the new one.
    private readonly List<ColumnSnapshot> _snapshots = [];

    /// <summary>
    /// The columns exactly as the transaction sees the file, so totals, facets and the rows then read
    /// from <c>docs</c> agree. Null when the columns are already newer than the transaction (another
    /// search caught up meanwhile): the caller starts a new read transaction, which sees at least that.
    /// </summary>
    public ColumnSnapshot? TryGet(SqliteConnection connection, SqliteTransaction transaction, string path)
    {
        var generation = Generation(connection, transaction);
        lock (_gate)
        {
            var current = _snapshots.Find(s => s.Path == path);
            if (current is not null && current.Generation >= generation)
            {
                return current.Generation == generation ? current : null;
            }

            var next = current is null
                ? Load(connection, transaction, path, generation)
                : CatchUp(current, connection, transaction, generation);
            _snapshots.Remove(current!);
            _snapshots.Insert(0, next);
            if (_snapshots.Count > 2)
            {
                _snapshots.RemoveAt(2);
            }

            return next;
        }
    }

    public static long Generation(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = 'generation'";
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private static ColumnSnapshot Load(SqliteConnection connection, SqliteTransaction transaction, string path, long generation)
    {
        var empty = new ColumnSnapshot
        {
            Path = path, Generation = 0, Segments = [], AgencyOfSlot = [], SlotOfAgency = [],
            Statuses = Vocabulary.Empty, Fields = Vocabulary.Empty, Kinds = Vocabulary.Empty,
            Localities = Vocabulary.Empty, Assignees = Vocabulary.Empty,
        };
        return CatchUp(empty, connection, transaction, generation);
    }

    private static ColumnSnapshot CatchUp(ColumnSnapshot from, SqliteConnection connection, SqliteTransaction transaction, long generation)
    {
        // Raw values first, then codes: the vocabularies grow once per catch-up, not per row.
        var raw = new List<(long RowId, long Submitted, long Deadline, string Status, string Field, string Kind, string? Locality, string? Assignee, bool Published)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = from.Generation == 0
                ? $"SELECT {RowColumns} FROM docs"
                : $"SELECT {RowColumns} FROM docs WHERE gen > $gen";
            command.Parameters.AddWithValue("$gen", from.Generation);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                raw.Add((reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? DocRow.NoDeadline : reader.GetInt64(2),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt64(8) == 1));
            }
        }

        var gone = new HashSet<long>();
        if (from.Generation > 0)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT rowid FROM gone WHERE gen > $gen";
            command.Parameters.AddWithValue("$gen", from.Generation);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                gone.Add(reader.GetInt64(0));
            }
        }

        var agencyOfSlot = new string?[EmbeddedRowIds.MaxSlot + 1];
        var slotOfAgency = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT slot, agency FROM slots";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var slot = (int)reader.GetInt64(0);
                agencyOfSlot[slot] = reader.GetString(1);
                slotOfAgency[agencyOfSlot[slot]!] = slot;
            }
        }

        var statuses = from.Statuses.With(raw.Select(r => r.Status));
        var fields = from.Fields.With(raw.Select(r => r.Field));
        var kinds = from.Kinds.With(raw.Select(r => r.Kind));
        var localities = from.Localities.With(raw.Select(r => r.Locality));
        var assignees = from.Assignees.With(raw.Select(r => r.Assignee));
        var changed = raw
            .Select(r => new DocRow(r.RowId, r.Submitted, r.Deadline, statuses.CodeOf(r.Status), fields.CodeOf(r.Field), kinds.CodeOf(r.Kind),
                localities.CodeOf(r.Locality), assignees.CodeOf(r.Assignee), r.Published))
            .ToList();

        var segments = new DocRow[]?[EmbeddedRowIds.MaxSlot + 1];
        Array.Copy(from.Segments, segments, from.Segments.Length);
        var changedBySlot = changed.GroupBy(r => r.Slot).ToDictionary(g => g.Key, g => g.OrderBy(r => r.RowId).ToList());
        foreach (var slot in changedBySlot.Keys.Concat(gone.Select(EmbeddedRowIds.SlotOf)).Distinct())
        {
            segments[slot] = Merge(segments[slot] ?? [], changedBySlot.GetValueOrDefault(slot) ?? [], gone);
        }

        return new ColumnSnapshot
        {
            Path = from.Path, Generation = generation, Segments = segments, AgencyOfSlot = agencyOfSlot, SlotOfAgency = slotOfAgency,
            Statuses = statuses, Fields = fields, Kinds = kinds, Localities = localities, Assignees = assignees,
        };
    }

    /// <summary>The old rows minus removed and replaced ones, merged with the new rows (both sorted by rowid).</summary>
    private static DocRow[] Merge(DocRow[] old, List<DocRow> added, HashSet<long> gone)
    {
        var replaced = added.Select(r => r.RowId).ToHashSet();
        var result = new List<DocRow>(old.Length + added.Count);
        var j = 0;
        foreach (var row in old)
        {
            if (gone.Contains(row.RowId) || replaced.Contains(row.RowId))
            {
                continue;
            }

            while (j < added.Count && added[j].RowId < row.RowId)
            {
                result.Add(added[j++]);
            }

            result.Add(row);
        }

        while (j < added.Count)
        {
            result.Add(added[j++]);
        }

        return result.ToArray();
    }
}
