using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// The embedded engine: SQLite FTS5 in its own file under the data directory.
/// <list type="bullet">
/// <item>The text is stored once, in <c>docs</c>; the FTS table is contentless (index only).</item>
/// <item>Text is folded in C# (the FTS tokenizer cannot fold đ) into *_f columns. Exact accented
/// matches are ranked first by re-ranking the top results in C# (see SearchTextAsync), which costs far
/// less than indexing a second, accented copy of every word.</item>
/// <item>A <c>tags</c> column holds one token per agency and one for "published", so scoping is an
/// index intersection inside FTS rather than a row lookup per match.</item>
/// <item>A rebuild writes a new file (journal off during the bulk load), then swaps the <c>current</c>
/// pointer file atomically. While it runs, a <c>rebuilding</c> marker makes every writer — in any
/// process — also write to the new file, so live changes are not lost.</item>
/// </list>
/// </summary>
public sealed partial class EmbeddedSearchIndex : ISearchIndex
{
    private const string PublishedTag = "pub";
    private readonly string _directory;
    private readonly string _pointerPath;
    private readonly string _rebuildMarkerPath;
    private readonly object _gate = new();

    public EmbeddedSearchIndex(string directory)
    {
        _directory = directory;
        _pointerPath = Path.Combine(directory, "current");
        _rebuildMarkerPath = Path.Combine(directory, "rebuilding");
    }

    public Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        lock (_gate)
        {
            if (!File.Exists(_pointerPath))
            {
                var file = NewFileName();
                var path = Path.Combine(_directory, file);
                CreateSchema(path, wal: true);
                CreateSecondaryIndexes(path);
                WritePointer(file);
            }
        }

        // IF NOT EXISTS: cheap when present, and builds indexes added by a newer version.
        CreateSecondaryIndexes(ActivePath());
        return Task.CompletedTask;
    }

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        // Marker first, then the active file: a rebuild committing in between is still written to.
        var rebuilding = RebuildPath();
        await using (var connection = Open(ActivePath()))
        {
            await WriteAsync(connection, documents, newerOnly: false, cancellationToken);
        }

        if (rebuilding is not null && File.Exists(rebuilding))
        {
            await using var connection = Open(rebuilding);
            await WriteAsync(connection, documents, newerOnly: false, cancellationToken);
        }
    }

    public async Task DeleteAsync(string trackingCode, CancellationToken cancellationToken)
    {
        var rebuilding = RebuildPath();
        await DeleteFromAsync(ActivePath(), trackingCode, cancellationToken);
        if (rebuilding is not null && File.Exists(rebuilding))
        {
            await DeleteFromAsync(rebuilding, trackingCode, cancellationToken);
        }
    }

    public Task<IIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var file = NewFileName();
        var path = Path.Combine(_directory, file);
        CreateSchema(path, wal: false);
        WriteFileAtomically(_rebuildMarkerPath, file);
        return Task.FromResult<IIndexRebuild>(new EmbeddedRebuild(this, file, path));
    }

    /// <summary>The file searches currently read (for operators and the benchmark).</summary>
    public string CurrentFile => ActivePath();

    private static string NewFileName() =>
        $"index-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}.db";

    private string ActivePath()
    {
        // Read on every call (a tiny file in the page cache): another process may have swapped it.
        if (!File.Exists(_pointerPath))
        {
            throw new InvalidOperationException("The search index is not initialised (EnsureReadyAsync).");
        }

        return Path.Combine(_directory, File.ReadAllText(_pointerPath).Trim());
    }

    private string? RebuildPath()
    {
        try
        {
            return File.Exists(_rebuildMarkerPath) ? Path.Combine(_directory, File.ReadAllText(_rebuildMarkerPath).Trim()) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private void WritePointer(string file) => WriteFileAtomically(_pointerPath, file);

    private static void WriteFileAtomically(string path, string content)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..6] + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true); // rename is atomic on the same file system
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void CreateSchema(string path, bool wal)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // contentless_delete needs SQLite 3.43+ (SQLitePCLRaw 3 bundles a newer one).
        command.CommandText = (wal ? "PRAGMA journal_mode=WAL;" : "") + """
            PRAGMA page_size=8192;
            CREATE TABLE IF NOT EXISTS docs(
              rowid INTEGER PRIMARY KEY,
              tracking_code TEXT NOT NULL UNIQUE,
              submission_id TEXT NOT NULL,
              kind TEXT NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL, field TEXT NOT NULL,
              system TEXT, agency TEXT, locality TEXT, status TEXT NOT NULL,
              submitted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deadline INTEGER,
              overdue INTEGER NOT NULL, assignee_id TEXT, assignee_name TEXT,
              published INTEGER NOT NULL, public_answer TEXT, satisfaction INTEGER);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
              title_f, content_f, answer_f, tags,
              content = '', contentless_delete = 1,
              tokenize = 'unicode61 remove_diacritics 0');
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Covering indexes for browsing without text: agency + date (inbox), published + date (public),
    /// agency + deadline (deadline sort). Built after a bulk load, which is much faster than
    /// maintaining them row by row.
    /// </summary>
    private static void CreateSecondaryIndexes(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE INDEX IF NOT EXISTS ix_docs_agency_browse ON docs(agency, submitted_at DESC, status, field, kind, deadline, locality);
            CREATE INDEX IF NOT EXISTS ix_docs_published_browse ON docs(published, submitted_at DESC, status, field, agency, kind);
            CREATE INDEX IF NOT EXISTS ix_docs_agency_deadline ON docs(agency, deadline, status);
            CREATE INDEX IF NOT EXISTS ix_docs_submitted ON docs(submitted_at DESC);
            ANALYZE;
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>The tags column: scoping tokens matched inside FTS. Hex keeps any code one token.</summary>
    internal static string AgencyTag(string agency) => "ag" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(agency));

    private static string Tags(SearchDocument d) =>
        (d.Agency is null ? "" : AgencyTag(d.Agency)) + (d.Published ? " " + PublishedTag : "");

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
            INSERT INTO docs(tracking_code, submission_id, kind, title, content, field, system, agency, locality, status,
              submitted_at, updated_at, deadline, overdue, assignee_id, assignee_name, published, public_answer, satisfaction)
            VALUES($code, $id, $kind, $title, $content, $field, $system, $agency, $locality, $status,
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
        foreach (var name in new[] { "$code", "$id", "$kind", "$title", "$content", "$field", "$system", "$agency", "$locality",
                     "$status", "$submitted", "$updated", "$deadline", "$overdue", "$assigneeId", "$assignee", "$published", "$answer", "$satisfaction" })
        {
            p[name] = upsert.Parameters.Add(name, SqliteType.Text);
        }

        // Bulk loads mostly insert new rows: try a plain insert first, which needs no FTS delete.
        await using var insertOnly = connection.CreateCommand();
        insertOnly.Transaction = tx;
        insertOnly.CommandText = upsert.CommandText[..upsert.CommandText.IndexOf("ON CONFLICT", StringComparison.Ordinal)]
                                 + "ON CONFLICT(tracking_code) DO NOTHING RETURNING rowid;";
        foreach (var parameter in p.Values)
        {
            insertOnly.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.SqliteType));
        }

        await using var ftsDelete = connection.CreateCommand();
        ftsDelete.Transaction = tx;
        ftsDelete.CommandText = "DELETE FROM fts WHERE rowid = $rowid";
        var deleteRowid = ftsDelete.Parameters.Add("$rowid", SqliteType.Integer);

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

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string InvariantNumber(long value) => value.ToString(CultureInfo.InvariantCulture);
}
