using Microsoft.Data.Sqlite;

namespace FeedbackPortal.Infrastructure.Search;

public sealed partial class EmbeddedSearchIndex
{
    /// <summary>
    /// Loads a fresh file over one connection with the journal and fsync off (a crash only loses
    /// the unfinished file, never the live index), then optimises, indexes, switches to WAL and
    /// swaps the pointer.
    /// </summary>
    private sealed class EmbeddedRebuild : IIndexRebuild
    {
        private readonly EmbeddedSearchIndex _owner;
        private readonly string _file;
        private readonly string _path;
        private readonly SqliteConnection _connection;
        private bool _committed;

        public EmbeddedRebuild(EmbeddedSearchIndex owner, string file, string path)
        {
            _owner = owner;
            _file = file;
            _path = path;
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = 30,
            }.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
            // Bulk load: bigger in-memory FTS buffers and no incremental merging; 'optimize' merges once at the end.
            Execute("INSERT INTO fts(fts, rank) VALUES('automerge', 0); INSERT INTO fts(fts, rank) VALUES('crisismerge', 64);");
        }

        public Task AddAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken) =>
            WriteAsync(_connection, documents, newerOnly: true, cancellationToken, bulk: true);

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            // Merge the FTS segments into one b-tree: fewer segments, faster queries.
            Execute("INSERT INTO fts(fts) VALUES('optimize');");
            Execute("INSERT INTO fts(fts, rank) VALUES('automerge', 4); INSERT INTO fts(fts, rank) VALUES('crisismerge', 16);");
            Execute("PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL;");
            _connection.Close();
            CreateSecondaryIndexes(_path);

            string? old;
            lock (_owner._gate)
            {
                old = File.Exists(_owner._pointerPath) ? File.ReadAllText(_owner._pointerPath).Trim() : null;
                _owner.WritePointer(_file);
                TryDelete(_owner._rebuildMarkerPath);
                _committed = true;
            }

            if (old is not null && old != _file)
            {
                // Readers still holding the old file keep their handle (Unix unlink semantics).
                SqliteConnection.ClearAllPools();
                DeleteIndexFile(Path.Combine(_owner._directory, old));
            }

            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _connection.Dispose();
            if (!_committed)
            {
                lock (_owner._gate)
                {
                    if (_owner.RebuildPath() == _path)
                    {
                        TryDelete(_owner._rebuildMarkerPath);
                    }
                }

                SqliteConnection.ClearAllPools();
                DeleteIndexFile(_path);
            }

            return ValueTask.CompletedTask;
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            command.ExecuteNonQuery();
        }

        internal static void DeleteIndexFile(string file)
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
            {
                TryDelete(f);
            }
        }

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still open elsewhere (Windows); a later rebuild or an operator removes it.
            }
        }
    }
}
