using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// The embedded engine: SQLite FTS5 in its own file under the data directory.
/// <list type="bullet">
/// <item>The text is stored once, in <c>docs</c>; the FTS table is contentless (index only).</item>
/// <item>Text is folded in C# (the FTS tokenizer cannot fold đ) into *_f columns; <c>title_x</c> keeps
/// the title's accents so exact accented queries rank first without a second copy of the content.</item>
/// <item>Rowids put each agency's cases in one range, in submission order (<see cref="EmbeddedRowIds"/>);
/// filter, facet and sort columns live in memory (<see cref="EmbeddedColumnCache"/>), so FTS only
/// yields rowids and no match costs a row lookup.</item>
/// <item>A rebuild writes a new file (journal off during the bulk load), then swaps the <c>current</c>
/// pointer file atomically. While it runs, a <c>rebuilding</c> marker makes every writer — in any
/// process — also write to the new file, so live changes are not lost.</item>
/// </list>
/// </summary>
public sealed partial class EmbeddedSearchIndex : ISearchIndex
{
    /// <summary>Bumped when the file layout changes: an older file is replaced by an empty one (run reindex).</summary>
    private const long Format = 3;

    private readonly string _directory;
    private readonly string _pointerPath;
    private readonly string _rebuildMarkerPath;
    private readonly object _gate = new();
    private readonly EmbeddedColumnCache _columns = new();
    private readonly int _firstWindow;

    /// <param name="directory">Where the index files live.</param>
    /// <param name="firstWindow">How many cases per agency the first newest-first window spans at least (tests
    /// set 1 to make a small corpus take many windows, the path large indexes take).</param>
    public EmbeddedSearchIndex(string directory, int firstWindow = DefaultFirstWindow)
    {
        _directory = directory;
        _firstWindow = Math.Max(1, firstWindow);
        _pointerPath = Path.Combine(directory, "current");
        _rebuildMarkerPath = Path.Combine(directory, "rebuilding");
    }

    public Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_directory);
        lock (_gate)
        {
            if (!File.Exists(_pointerPath) || !HasCurrentFormat(ActivePath()))
            {
                var old = File.Exists(_pointerPath) ? ActivePath() : null;
                var file = NewFileName();
                var path = Path.Combine(_directory, file);
                CreateSchema(path, wal: true);
                CreateSecondaryIndexes(path);
                WritePointer(file);
                if (old is not null)
                {
                    SqliteConnection.ClearAllPools();
                    EmbeddedRebuild.DeleteIndexFile(old);
                }
            }
        }

        // Loads the columns now rather than on the first search.
        using var connection = Open(ActivePath());
        BeginRead(connection, ActivePath()).Transaction.Dispose();
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
        // contentless_delete needs SQLite 3.43+ (SQLitePCLRaw 3 bundles a newer one). FTS leaves of
        // 4,050 bytes (default 1,000; two fit an 8 KiB page): the doclists of frequent syllables span
        // a quarter of the leaves, so seeking into an agency's range costs 2–3× less (measured).
        command.CommandText = (wal ? "PRAGMA journal_mode=WAL;" : "") + $"""
            PRAGMA page_size=8192;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT OR IGNORE INTO meta(key, value) VALUES('format', {Format}), ('generation', 0);
            CREATE TABLE IF NOT EXISTS slots(slot INTEGER PRIMARY KEY, agency TEXT NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS gone(rowid INTEGER PRIMARY KEY, gen INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS docs(
              rowid INTEGER PRIMARY KEY,
              tracking_code TEXT NOT NULL UNIQUE,
              submission_id TEXT NOT NULL,
              kind TEXT NOT NULL, title TEXT NOT NULL, content TEXT NOT NULL, field TEXT NOT NULL,
              system TEXT, agency TEXT, locality TEXT, status TEXT NOT NULL,
              submitted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deadline INTEGER,
              overdue INTEGER NOT NULL, assignee_id TEXT, assignee_name TEXT,
              published INTEGER NOT NULL, public_answer TEXT, satisfaction INTEGER, gen INTEGER NOT NULL);
            CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
              title_f, content_f, answer_f, title_x,
              content = '', contentless_delete = 1,
              tokenize = 'unicode61 remove_diacritics 0');
            INSERT INTO fts(fts, rank) VALUES('pgsz', 4050);
            """;
        command.ExecuteNonQuery();
    }

    private static bool HasCurrentFormat(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'format'";
        try
        {
            return command.ExecuteScalar() is long format && format == Format;
        }
        catch (SqliteException)
        {
            return false; // no meta table: a file from before formats were recorded
        }
    }

    /// <summary>
    /// What catching up on changes reads (rows stamped after a generation). Built after a bulk load,
    /// which is much faster than maintaining it row by row.
    /// </summary>
    private static void CreateSecondaryIndexes(string path)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE INDEX IF NOT EXISTS ix_docs_gen ON docs(gen);
            CREATE INDEX IF NOT EXISTS ix_gone_gen ON gone(gen);
            """;
        command.ExecuteNonQuery();
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string InvariantNumber(long value) => value.ToString(CultureInfo.InvariantCulture);
}
