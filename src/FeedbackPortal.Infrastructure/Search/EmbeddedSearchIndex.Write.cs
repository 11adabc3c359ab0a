using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    /// <summary>The agency's slot in this file (assigned on first use; slot 0 is "no agency").</summary>
    private static async Task<int> SlotAsync(SqliteConnection connection, SqliteTransaction tx, string? agency, Dictionary<string, int> known,
        CancellationToken ct)
    {
        if (agency is null)
        {
            return 0;
        }

        if (known.TryGetValue(agency, out var slot))
        {
            return slot;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO slots(agency) VALUES($agency) ON CONFLICT(agency) DO NOTHING;
            SELECT slot FROM slots WHERE agency = $agency;
            """;
        command.Parameters.AddWithValue("$agency", agency);
        slot = (int)(long)(await command.ExecuteScalarAsync(ct))!;
        if (slot > EmbeddedRowIds.MaxSlot)
        {
            throw new InvalidOperationException($"The embedded search index holds at most {EmbeddedRowIds.MaxSlot} agencies.");
        }

        known[agency] = slot;
        return slot;
    }

    private static async Task WriteAsync(SqliteConnection connection, IReadOnlyCollection<SearchDocument> documents, bool newerOnly,
        CancellationToken ct, bool bulk = false)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = $"""
            INSERT INTO docs(rowid, tracking_code, submission_id, kind, title, content, field, system, agency, locality, status,
              submitted_at, updated_at, deadline, overdue, assignee_id, assignee_name, published, public_answer, satisfaction, gen)
            VALUES($rowid, $code, $id, $kind, $title, $content, $field, $system, $agency, $locality, $status,
              $submitted, $updated, $deadline, $overdue, $assigneeId, $assignee, $published, $answer, $satisfaction, $gen)
            ON CONFLICT(tracking_code) DO UPDATE SET submission_id=excluded.submission_id, kind=excluded.kind,
              title=excluded.title, content=excluded.content, field=excluded.field, system=excluded.system,
              agency=excluded.agency, locality=excluded.locality, status=excluded.status,
              submitted_at=excluded.submitted_at, updated_at=excluded.updated_at, deadline=excluded.deadline,
              overdue=excluded.overdue, assignee_id=excluded.assignee_id, assignee_name=excluded.assignee_name,
              published=excluded.published, public_answer=excluded.public_answer, satisfaction=excluded.satisfaction, gen=excluded.gen
              {(newerOnly ? "WHERE excluded.updated_at >= docs.updated_at" : "")}
            RETURNING rowid;
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$rowid", "$code", "$id", "$kind", "$title", "$content", "$field", "$system", "$agency", "$locality",
                     "$status", "$submitted", "$updated", "$deadline", "$overdue", "$assigneeId", "$assignee", "$published", "$answer", "$satisfaction", "$gen" })
        {
            p[name] = upsert.Parameters.Add(name, SqliteType.Text);
        }

        p["$rowid"].SqliteType = SqliteType.Integer;
        p["$gen"].SqliteType = SqliteType.Integer;

        // Bulk loads mostly insert new rows: try a plain insert first, which needs no FTS delete.
        await using var insertOnly = connection.CreateCommand();
        insertOnly.Transaction = tx;
        insertOnly.CommandText = upsert.CommandText[..upsert.CommandText.IndexOf("ON CONFLICT", StringComparison.Ordinal)]
                                 + "ON CONFLICT(tracking_code) DO NOTHING RETURNING rowid;";
        foreach (var parameter in p.Values)
        {
            insertOnly.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.SqliteType));
        }

        // A new case's rowid: its agency's slot and submission time, then the next free sequence number.
        await using var maxRowId = connection.CreateCommand();
        maxRowId.Transaction = tx;
        maxRowId.CommandText = "SELECT max(rowid) FROM docs WHERE rowid BETWEEN $lo AND $hi";
        var lo = maxRowId.Parameters.Add("$lo", SqliteType.Integer);
        var hi = maxRowId.Parameters.Add("$hi", SqliteType.Integer);

        async Task<long> NextRowIdAsync(int slot, long time)
        {
            for (; ; time++)
            {
                if (time > EmbeddedRowIds.MaxTime)
                {
                    throw new InvalidOperationException("No free rowid left at the end of the embedded index's time range (2069).");
                }

                lo.Value = EmbeddedRowIds.First(slot, time);
                hi.Value = EmbeddedRowIds.Last(slot, time);
                var max = await maxRowId.ExecuteScalarAsync(ct) as long?;
                if (max is null || max < EmbeddedRowIds.Last(slot, time))
                {
                    return max + 1 ?? EmbeddedRowIds.First(slot, time); // 1,024 per agency and millisecond, then the next one
                }
            }
        }

        await using var bump = connection.CreateCommand();
        bump.Transaction = tx;
        bump.CommandText = "UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value";
        var generation = (long)(await bump.ExecuteScalarAsync(ct))!;
        p["$gen"].Value = generation;
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);

        await using var ftsDelete = connection.CreateCommand();
        ftsDelete.Transaction = tx;
        ftsDelete.CommandText = "DELETE FROM fts WHERE rowid = $rowid";
        var deleteRowid = ftsDelete.Parameters.Add("$rowid", SqliteType.Integer);

        // A case whose rowid no longer fits (a transfer changes its agency's range) leaves its old
        // range: the row is dropped, stamped gone, and inserted anew. Only when this version is not
        // older than the indexed one (a rebuild racing live updates).
        await using var moved = connection.CreateCommand();
        moved.Transaction = tx;
        moved.CommandText = """
            INSERT OR REPLACE INTO gone(rowid, gen) SELECT rowid, $gen FROM docs WHERE tracking_code = $code
              AND (rowid < $lo OR rowid > $hi) AND updated_at <= $updated;
            DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE tracking_code = $code
              AND (rowid < $lo OR rowid > $hi) AND updated_at <= $updated);
            DELETE FROM docs WHERE tracking_code = $code AND (rowid < $lo OR rowid > $hi) AND updated_at <= $updated;
            """;
        var movedCode = moved.Parameters.Add("$code", SqliteType.Text);
        var movedLo = moved.Parameters.Add("$lo", SqliteType.Integer);
        var movedHi = moved.Parameters.Add("$hi", SqliteType.Integer);
        var movedUpdated = moved.Parameters.Add("$updated", SqliteType.Integer);
        var movedGen = moved.Parameters.Add("$gen", SqliteType.Integer);

        await using var ftsInsert = connection.CreateCommand();
        ftsInsert.Transaction = tx;
        ftsInsert.CommandText = "INSERT INTO fts(rowid, title_f, content_f, answer_f, title_x) VALUES($rowid, $tf, $cf, $af, $tx)";
        var insertRowid = ftsInsert.Parameters.Add("$rowid", SqliteType.Integer);
        var tf = ftsInsert.Parameters.Add("$tf", SqliteType.Text);
        var cf = ftsInsert.Parameters.Add("$cf", SqliteType.Text);
        var af = ftsInsert.Parameters.Add("$af", SqliteType.Text);
        var exactTitle = ftsInsert.Parameters.Add("$tx", SqliteType.Text);

        foreach (var d in documents)
        {
            // Stored as NFC so highlighting offsets line up with the folded copy.
            var title = SearchFolding.ToNfc(d.Title);
            var content = SearchFolding.ToNfc(d.Content);
            var answer = d.PublicAnswer is null ? null : SearchFolding.ToNfc(d.PublicAnswer);
            var slot = await SlotAsync(connection, tx, d.Agency, slots, ct);
            var time = EmbeddedRowIds.TimeOfSubmission(d.SubmittedAt.ToUnixTimeMilliseconds());
            p["$rowid"].Value = await NextRowIdAsync(slot, time);
            p["$code"].Value = d.TrackingCode;
            p["$id"].Value = d.SubmissionId.ToString();
            p["$kind"].Value = d.Kind;
            p["$title"].Value = title;
            p["$content"].Value = content;
            p["$field"].Value = d.Field;
            p["$system"].Value = (object?)d.System ?? DBNull.Value;
            p["$agency"].Value = (object?)d.Agency ?? DBNull.Value;
            p["$locality"].Value = (object?)d.Locality ?? DBNull.Value;
            p["$status"].Value = d.Status;
            p["$submitted"].Value = d.SubmittedAt.ToUnixTimeMilliseconds();
            p["$updated"].Value = d.UpdatedAt.ToUnixTimeMilliseconds();
            p["$deadline"].Value = (object?)d.Deadline?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            p["$overdue"].Value = d.Overdue ? 1 : 0;
            p["$assigneeId"].Value = (object?)d.AssigneeId ?? DBNull.Value;
            p["$assignee"].Value = (object?)d.AssigneeName ?? DBNull.Value;
            p["$published"].Value = d.Published ? 1 : 0;
            p["$answer"].Value = (object?)answer ?? DBNull.Value;
            p["$satisfaction"].Value = (object?)d.Satisfaction ?? DBNull.Value;

            object? rowid = null;
            if (bulk)
            {
                for (var i = 0; i < upsert.Parameters.Count; i++)
                {
                    insertOnly.Parameters[i].Value = upsert.Parameters[i].Value;
                }

                rowid = await insertOnly.ExecuteScalarAsync(ct);
            }

            if (rowid is null)
            {
                movedCode.Value = d.TrackingCode;
                movedLo.Value = EmbeddedRowIds.First(slot, time);
                movedHi.Value = EmbeddedRowIds.Last(slot, Math.Min(time + 64, EmbeddedRowIds.MaxTime)); // room for the overflow above
                movedUpdated.Value = d.UpdatedAt.ToUnixTimeMilliseconds();
                movedGen.Value = generation;
                await moved.ExecuteNonQueryAsync(ct);

                rowid = await upsert.ExecuteScalarAsync(ct);
                if (rowid is null)
                {
                    continue; // an older snapshot than what the index holds (rebuild racing live updates)
                }

                deleteRowid.Value = rowid;
                await ftsDelete.ExecuteNonQueryAsync(ct);
            }

            insertRowid.Value = rowid;
            tf.Value = SearchFolding.FoldNfc(title);
            cf.Value = SearchFolding.FoldNfc(content);
            af.Value = answer is null ? "" : SearchFolding.FoldNfc(answer);
            exactTitle.Value = SearchFolding.Exact(title);
            await ftsInsert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task DeleteFromAsync(string path, string trackingCode, CancellationToken ct)
    {
        await using var connection = Open(path);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            UPDATE meta SET value = value + 1 WHERE key = 'generation';
            INSERT OR REPLACE INTO gone(rowid, gen) SELECT rowid, (SELECT value FROM meta WHERE key = 'generation')
              FROM docs WHERE tracking_code = $code;
            DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE tracking_code = $code);
            DELETE FROM docs WHERE tracking_code = $code;
            """;
        command.Parameters.AddWithValue("$code", trackingCode);
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
