using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    private const int AgencyRowIdShift = 40;

    /// <summary>
    /// New rows get a rowid in their agency's range (agency key &lt;&lt; 40): each agency's cases are
    /// contiguous in every FTS doclist, so an agency-scoped query seeks (FTS5's doclist index) to
    /// that range instead of decoding the doclists of frequent syllables from the start. A transfer
    /// keeps the old rowid; that only loosens the clustering, never correctness.
    /// </summary>
    private static long AgencyRowIdKey(string? agency)
    {
        if (agency is null)
        {
            return 0;
        }

        var hash = 2166136261u; // FNV-1a: stable across processes and versions, unlike string.GetHashCode
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(agency))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (hash & 0x3FFFFF) + 1; // 22 bits: rowids stay below 2^63
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
              submitted_at, updated_at, deadline, overdue, assignee_id, assignee_name, published, public_answer, satisfaction)
            VALUES($rowid, $code, $id, $kind, $title, $content, $field, $system, $agency, $locality, $status,
              $submitted, $updated, $deadline, $overdue, $assigneeId, $assignee, $published, $answer, $satisfaction)
            ON CONFLICT(tracking_code) DO UPDATE SET submission_id=excluded.submission_id, kind=excluded.kind,
              title=excluded.title, content=excluded.content, field=excluded.field, system=excluded.system,
              agency=excluded.agency, locality=excluded.locality, status=excluded.status,
              submitted_at=excluded.submitted_at, updated_at=excluded.updated_at, deadline=excluded.deadline,
              overdue=excluded.overdue, assignee_id=excluded.assignee_id, assignee_name=excluded.assignee_name,
              published=excluded.published, public_answer=excluded.public_answer, satisfaction=excluded.satisfaction
              {(newerOnly ? "WHERE excluded.updated_at >= docs.updated_at" : "")}
            RETURNING rowid;
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$rowid", "$code", "$id", "$kind", "$title", "$content", "$field", "$system", "$agency", "$locality",
                     "$status", "$submitted", "$updated", "$deadline", "$overdue", "$assigneeId", "$assignee", "$published", "$answer", "$satisfaction" })
        {
            p[name] = upsert.Parameters.Add(name, SqliteType.Text);
        }

        p["$rowid"].SqliteType = SqliteType.Integer;

        // Bulk loads mostly insert new rows: try a plain insert first, which needs no FTS delete.
        await using var insertOnly = connection.CreateCommand();
        insertOnly.Transaction = tx;
        insertOnly.CommandText = upsert.CommandText[..upsert.CommandText.IndexOf("ON CONFLICT", StringComparison.Ordinal)]
                                 + "ON CONFLICT(tracking_code) DO NOTHING RETURNING rowid;";
        foreach (var parameter in p.Values)
        {
            insertOnly.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.SqliteType));
        }

        var nextRowIds = new Dictionary<long, long>();
        await using var maxRowId = connection.CreateCommand();
        maxRowId.Transaction = tx;
        maxRowId.CommandText = "SELECT max(rowid) FROM docs WHERE rowid BETWEEN $lo AND $hi";
        var lo = maxRowId.Parameters.Add("$lo", SqliteType.Integer);
        var hi = maxRowId.Parameters.Add("$hi", SqliteType.Integer);

        async Task<long> NextRowIdAsync(string? agency)
        {
            var key = AgencyRowIdKey(agency);
            if (!nextRowIds.TryGetValue(key, out var next))
            {
                lo.Value = key << AgencyRowIdShift;
                hi.Value = ((key + 1) << AgencyRowIdShift) - 1;
                next = await maxRowId.ExecuteScalarAsync(ct) is long max ? max + 1 : (key << AgencyRowIdShift) + 1;
            }

            nextRowIds[key] = next + 1;
            return next;
        }

        await using var ftsDelete = connection.CreateCommand();
        ftsDelete.Transaction = tx;
        ftsDelete.CommandText = "DELETE FROM fts WHERE rowid = $rowid";
        var deleteRowid = ftsDelete.Parameters.Add("$rowid", SqliteType.Integer);

        // A case that moved to another agency (transfer) must leave its old agency's rowid range,
        // or range-based walks of that agency would miss it: drop the row so it is inserted anew.
        // Only when this version is not older than the indexed one (a rebuild racing live updates).
        await using var moved = connection.CreateCommand();
        moved.Transaction = tx;
        moved.CommandText = """
            DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE tracking_code = $code
              AND coalesce(agency, '') <> coalesce($agency, '') AND updated_at <= $updated);
            DELETE FROM docs WHERE tracking_code = $code
              AND coalesce(agency, '') <> coalesce($agency, '') AND updated_at <= $updated;
            """;
        var movedCode = moved.Parameters.Add("$code", SqliteType.Text);
        var movedAgency = moved.Parameters.Add("$agency", SqliteType.Text);
        var movedUpdated = moved.Parameters.Add("$updated", SqliteType.Integer);

        await using var ftsInsert = connection.CreateCommand();
        ftsInsert.Transaction = tx;
        ftsInsert.CommandText = "INSERT INTO fts(rowid, title_f, content_f, answer_f, tags) VALUES($rowid, $tf, $cf, $af, $tags)";
        var insertRowid = ftsInsert.Parameters.Add("$rowid", SqliteType.Integer);
        var tf = ftsInsert.Parameters.Add("$tf", SqliteType.Text);
        var cf = ftsInsert.Parameters.Add("$cf", SqliteType.Text);
        var af = ftsInsert.Parameters.Add("$af", SqliteType.Text);
        var tags = ftsInsert.Parameters.Add("$tags", SqliteType.Text);

        foreach (var d in documents)
        {
            // Stored as NFC so highlighting offsets line up with the folded copy.
            var title = SearchFolding.ToNfc(d.Title);
            var content = SearchFolding.ToNfc(d.Content);
            var answer = d.PublicAnswer is null ? null : SearchFolding.ToNfc(d.PublicAnswer);
            p["$rowid"].Value = await NextRowIdAsync(d.Agency);
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

            if (!bulk)
            {
                movedCode.Value = d.TrackingCode;
                movedAgency.Value = (object?)d.Agency ?? DBNull.Value;
                movedUpdated.Value = d.UpdatedAt.ToUnixTimeMilliseconds();
                await moved.ExecuteNonQueryAsync(ct);
            }

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
            tags.Value = Tags(d);
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
            DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE tracking_code = $code);
            DELETE FROM docs WHERE tracking_code = $code;
            """;
        command.Parameters.AddWithValue("$code", trackingCode);
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
