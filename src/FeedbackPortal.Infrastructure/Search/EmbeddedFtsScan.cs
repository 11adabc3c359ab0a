using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Reads the FTS matches of a scope (agency slots) and joins them to the in-memory columns by rowid;
/// FTS yields only rowids, so no match costs a row lookup.
/// <para>
/// Newest first is read as windows moving back in time, each an ascending scan of one rowid range
/// per agency: FTS5 seeks to the start of an ascending range, whereas a descending scan walks back
/// from the end of the doclist (measured on 1,000,000 cases: ~30 µs against ~2 ms per agency).
/// Windows are sized in cases from the columns (exact counts per agency and time), the first one
/// from what the caller wants (and at least a few hundred cases per agency, as every agency costs a
/// seek), the next ones from the match density seen so far, so a common word
/// stops after a few thousand matches and a rare one widens to the whole scope in two or three steps.
/// </para>
/// </summary>
internal sealed class EmbeddedFtsScan(SqliteConnection connection, SqliteTransaction transaction, ColumnSnapshot snapshot, int[] slots,
    EmbeddedRowFilter filter, int firstWindow, CancellationToken cancellationToken)
{
    /// <summary>Every match that passes the filter, agency by agency.</summary>
    public IEnumerable<DocRow> All(string match)
    {
        using var command = Command(match);
        foreach (var slot in slots)
        {
            var rows = snapshot.Segments[slot]!;
            foreach (var row in Read(command, rows, 0, rows.Length))
            {
                yield return row;
            }
        }
    }

    /// <summary>Matches passing the filter per case read, in the last newest-first read (0 before any).</summary>
    public double Density { get; private set; }

    /// <summary>
    /// The matches that pass the filter, newest first. The first window is sized for
    /// <paramref name="wanted"/> matches at <paramref name="density"/> (matches per case) when known.
    /// </summary>
    public IEnumerable<DocRow> NewestFirst(string match, long wanted, double density = 0)
    {
        using var command = Command(match);
        var segments = slots.Select(s => snapshot.Segments[s]!).ToArray();
        var upper = segments.Select(r => r.Length).ToArray(); // rows below upper[i] are not read yet
        var windowCases = density > 0
            ? Math.Max(firstWindow, (long)Math.Min(wanted / density * 1.25, 1L << 40))
            : Math.Max((long)firstWindow * segments.Length, Math.Min(wanted * 3, 1L << 40));
        long read = 0;
        long produced = 0;
        var buffer = new List<DocRow>();
        while (upper.Any(u => u > 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cut = CutTime(segments, upper, windowCases);
            buffer.Clear();
            for (var i = 0; i < segments.Length; i++)
            {
                var from = ColumnSnapshot.LowerBound(segments[i], EmbeddedRowIds.First(slots[i], cut), 0, upper[i]);
                if (from < upper[i])
                {
                    buffer.AddRange(Read(command, segments[i], from, upper[i]));
                    read += upper[i] - from;
                    upper[i] = from;
                }
            }

            buffer.Sort(DocRow.NewestFirst);
            foreach (var row in buffer)
            {
                produced++;
                yield return row;
            }

            // Aim the next window at what is still missing at the density seen so far, growing at least 2×.
            Density = (double)produced / Math.Max(1, read);
            var missing = Math.Max(1, wanted - produced);
            windowCases = Density > 0
                ? Math.Clamp((long)(missing / Density * 1.25), windowCases * 2, windowCases * 16)
                : windowCases * 16;
        }
    }

    private SqliteCommand Command(string match)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT rowid FROM fts WHERE fts MATCH $match AND rowid >= $lo AND rowid <= $hi";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.Add("$lo", SqliteType.Integer);
        command.Parameters.Add("$hi", SqliteType.Integer);
        return command;
    }

    /// <summary>The matches among rows[from..to) that pass the filter, in rowid order.</summary>
    private IEnumerable<DocRow> Read(SqliteCommand command, DocRow[] rows, int from, int to)
    {
        command.Parameters["$lo"].Value = rows[from].RowId;
        command.Parameters["$hi"].Value = rows[to - 1].RowId;
        using var reader = command.ExecuteReader();
        var cursor = from;
        while (reader.Read())
        {
            var rowId = reader.GetInt64(0);
            // Both are in rowid order: step when dense, binary search when the next match is far.
            cursor = cursor + 8 < to && rows[cursor + 8].RowId < rowId
                ? ColumnSnapshot.LowerBound(rows, rowId, cursor + 8, to)
                : Step(rows, rowId, cursor, to);
            if (cursor == to)
            {
                yield break;
            }

            // Columns and FTS are one view (same read transaction); an unknown rowid is only guarded against.
            if (rows[cursor].RowId == rowId && filter.Passes(in rows[cursor]))
            {
                yield return rows[cursor];
            }
        }

        static int Step(DocRow[] rows, long rowId, int cursor, int to)
        {
            while (cursor < to && rows[cursor].RowId < rowId)
            {
                cursor++;
            }

            return cursor;
        }
    }

    /// <summary>
    /// The latest time such that the rows not read yet from it onwards number at least
    /// <paramref name="cases"/> (0 = all that remain). Binary search over time; each probe counts
    /// per segment by binary search on rowids.
    /// </summary>
    private long CutTime(DocRow[][] segments, int[] upper, long cases)
    {
        long lo = 0;
        long hi = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            if (upper[i] > 0)
            {
                hi = Math.Max(hi, EmbeddedRowIds.TimeOf(segments[i][upper[i] - 1].RowId));
            }
        }

        if (Count(0) <= cases)
        {
            return 0;
        }

        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            if (Count(mid) >= cases)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;

        long Count(long time)
        {
            long count = 0;
            for (var i = 0; i < segments.Length; i++)
            {
                count += upper[i] - ColumnSnapshot.LowerBound(segments[i], EmbeddedRowIds.First(slots[i], time), 0, upper[i]);
            }

            return count;
        }
    }
}
