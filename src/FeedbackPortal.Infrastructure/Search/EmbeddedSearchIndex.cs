using System.Globalization;
using System.Text;
using FeedbackPortal.Domain.Text;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// The embedded engine: SQLite FTS5 in its own file under the data directory. Text is folded in C#
/// (the FTS tokenizer cannot fold đ) into *_f columns; *_x columns keep the accented lower-case form
/// so an exact accented query ranks its exact matches first. A rebuild writes a new file and swaps
/// the "current" pointer atomically.
/// </summary>
public sealed partial class EmbeddedSearchIndex : ISearchIndex
{
    private readonly string _directory;
    private readonly string _pointerPath;
    private readonly object _gate = new();
    private string? _activeFile;
    private DateTime _pointerStamp;
    private EmbeddedRebuild? _rebuild;

    public EmbeddedSearchIndex(string directory)
    {
        _directory = directory;
        _pointerPath = Path.Combine(directory, "current");
    }

    public Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        lock (_gate)
        {
            if (!File.Exists(_pointerPath))
            {
                var file = NewFileName();
                CreateSchema(Path.Combine(_directory, file));
                WritePointer(file);
            }
        }

        _ = ActivePath();
        return Task.CompletedTask;
    }

    public async Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken)
    {
        await WriteAsync(ActivePath(), documents, newerOnly: false, cancellationToken);
        if (_rebuild is { } rebuild)
        {
            // Keep the index under construction current with live changes.
            await WriteAsync(rebuild.Path, documents, newerOnly: false, cancellationToken);
        }
    }

    public async Task DeleteAsync(string trackingCode, CancellationToken cancellationToken)
    {
        await DeleteFromAsync(ActivePath(), trackingCode, cancellationToken);
        if (_rebuild is { } rebuild)
        {
            await DeleteFromAsync(rebuild.Path, trackingCode, cancellationToken);
        }
    }

    public Task<IIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        var file = NewFileName();
        var path = Path.Combine(_directory, file);
        CreateSchema(path);
        var rebuild = new EmbeddedRebuild(this, file, path);
        _rebuild = rebuild;
        return Task.FromResult<IIndexRebuild>(rebuild);
    }

    private string NewFileName() =>
        $"index-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}.db";

    private string ActivePath()
    {
        lock (_gate)
        {
            var stamp = File.Exists(_pointerPath) ? File.GetLastWriteTimeUtc(_pointerPath) : default;
            if (_activeFile is null || stamp != _pointerStamp)
            {
                if (!File.Exists(_pointerPath))
                {
                    throw new InvalidOperationException("The search index is not initialised (EnsureReadyAsync).");
                }

                _activeFile = File.ReadAllText(_pointerPath).Trim();
                _pointerStamp = stamp;
            }

            return Path.Combine(_directory, _activeFile);
        }
    }

    private void WritePointer(string file)
    {
        var temp = _pointerPath + ".tmp";
        File.WriteAllText(temp, file);
        File.Move(temp, _pointerPath, overwrite: true); // rename is atomic on the same file system
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void CreateSchema(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS docs(
              rowid INTEGER PRIMARY KEY,
              tracking_code TEXT NOT NULL UNIQUE,
              submission_id TEXT NOT NULL,
              kind TEXT NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL, field TEXT NOT NULL,
              system TEXT, agency TEXT, locality TEXT, status TEXT NOT NULL,
              submitted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deadline INTEGER,
              overdue INTEGER NOT NULL, assignee_id TEXT, assignee_name TEXT,
              published INTEGER NOT NULL, public_answer TEXT, satisfaction INTEGER);
            CREATE INDEX IF NOT EXISTS ix_docs_agency_submitted ON docs(agency, submitted_at DESC);
            CREATE INDEX IF NOT EXISTS ix_docs_status_deadline ON docs(status, deadline);
            CREATE INDEX IF NOT EXISTS ix_docs_published_submitted ON docs(published, submitted_at DESC);
            CREATE INDEX IF NOT EXISTS ix_docs_submitted ON docs(submitted_at DESC);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
              title_f, content_f, answer_f, title_x, content_x,
              tokenize = 'unicode61 remove_diacritics 0');
            """;
        command.ExecuteNonQuery();
    }

    private static async Task WriteAsync(string path, IReadOnlyCollection<SearchDocument> documents, bool newerOnly, CancellationToken ct)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using var connection = Open(path);
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

        await using var ftsDelete = connection.CreateCommand();
        ftsDelete.Transaction = tx;
        ftsDelete.CommandText = "DELETE FROM fts WHERE rowid = $rowid";
        var deleteRowid = ftsDelete.Parameters.Add("$rowid", SqliteType.Integer);

        await using var ftsInsert = connection.CreateCommand();
        ftsInsert.Transaction = tx;
        ftsInsert.CommandText = "INSERT INTO fts(rowid, title_f, content_f, answer_f, title_x, content_x) VALUES($rowid, $tf, $cf, $af, $tx, $cx)";
        var insertRowid = ftsInsert.Parameters.Add("$rowid", SqliteType.Integer);
        var tf = ftsInsert.Parameters.Add("$tf", SqliteType.Text);
        var cf = ftsInsert.Parameters.Add("$cf", SqliteType.Text);
        var af = ftsInsert.Parameters.Add("$af", SqliteType.Text);
        var tx2 = ftsInsert.Parameters.Add("$tx", SqliteType.Text);
        var cx = ftsInsert.Parameters.Add("$cx", SqliteType.Text);

        foreach (var d in documents)
        {
            p["$code"].Value = d.TrackingCode;
            p["$id"].Value = d.SubmissionId.ToString();
            p["$kind"].Value = d.Kind;
            p["$title"].Value = d.Title;
            p["$content"].Value = d.Content;
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
            p["$answer"].Value = (object?)d.PublicAnswer ?? DBNull.Value;
            p["$satisfaction"].Value = (object?)d.Satisfaction ?? DBNull.Value;

            var rowid = await upsert.ExecuteScalarAsync(ct);
            if (rowid is null)
            {
                continue; // an older snapshot than what the index holds (rebuild racing live updates)
            }

            deleteRowid.Value = rowid;
            await ftsDelete.ExecuteNonQueryAsync(ct);
            insertRowid.Value = rowid;
            tf.Value = VietnameseText.Fold(d.Title);
            cf.Value = VietnameseText.Fold(d.Content);
            af.Value = VietnameseText.Fold(d.PublicAnswer);
            tx2.Value = VietnameseText.Exact(d.Title);
            cx.Value = VietnameseText.Exact(d.Content);
            await ftsInsert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task DeleteFromAsync(string path, string trackingCode, CancellationToken ct)
    {
        await using var connection = Open(path);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM fts WHERE rowid IN (SELECT rowid FROM docs WHERE tracking_code = $code);
            DELETE FROM docs WHERE tracking_code = $code;
            """;
        command.Parameters.AddWithValue("$code", trackingCode);
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class EmbeddedRebuild(EmbeddedSearchIndex owner, string file, string path) : IIndexRebuild
    {
        private bool _committed;

        public string Path { get; } = path;

        public Task AddAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
            WriteAsync(Path, documents, newerOnly: true, cancellationToken);

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            string? old;
            lock (owner._gate)
            {
                old = owner._activeFile;
                owner.WritePointer(file);
                owner._activeFile = file;
                owner._pointerStamp = File.GetLastWriteTimeUtc(owner._pointerPath);
                owner._rebuild = null;
                _committed = true;
            }

            if (old is not null && old != file)
            {
                SqliteConnection.ClearAllPools();
                TryDelete(System.IO.Path.Combine(owner._directory, old));
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            if (!_committed)
            {
                if (owner._rebuild == this)
                {
                    owner._rebuild = null;
                }

                SqliteConnection.ClearAllPools();
                TryDelete(Path);
            }

            return ValueTask.CompletedTask;
        }

        private static void TryDelete(string file)
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                try
                {
                    File.Delete(f);
                }
                catch (IOException)
                {
                    // Still open by a reader; a later rebuild's cleanup or an operator removes it.
                }
            }
        }
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string InvariantNumber(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static StringBuilder AppendIn(StringBuilder sql, SqliteCommand command, string column, IReadOnlyCollection<string> values, string prefix)
    {
        sql.Append(" AND ").Append(column).Append(" IN (");
        var i = 0;
        foreach (var v in values)
        {
            var name = $"${prefix}{i}";
            sql.Append(i == 0 ? "" : ",").Append(name);
            command.Parameters.AddWithValue(name, v);
            i++;
        }

        return sql.Append(')');
    }
}
