using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using FeedbackPortal.Benchmarks;
using FeedbackPortal.Infrastructure.Search;

// dotnet run -c Release --project tests/FeedbackPortal.Benchmarks -- [documents=1000000] [iterations=200] [directory] [reuse]
// "reuse" skips the load and queries the index already in the directory.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args is ["sql", var sqlFile, var sqlText, var sqlMatch])
{
    // Profiling aid: times one statement (rows read to the end) on an index file: sql <file> <sql> <$match>.
    using var sqlConnection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlFile};Mode=ReadOnly");
    sqlConnection.Open();
    using var sqlCommand = sqlConnection.CreateCommand();
    sqlCommand.CommandText = "PRAGMA mmap_size=4294967296";
    sqlCommand.ExecuteNonQuery();
    sqlCommand.CommandText = sqlText;
    sqlCommand.Parameters.AddWithValue("$match", sqlMatch);
    for (var run = 0; run < 5; run++)
    {
        var sqlStart = NativeMethods.ThreadCpuMilliseconds();
        long sqlRows = 0;
        using (var sqlReader = sqlCommand.ExecuteReader())
        {
            while (sqlReader.Read())
            {
                sqlRows++;
            }
        }

        Console.WriteLine($"{sqlRows} rows, {NativeMethods.ThreadCpuMilliseconds() - sqlStart:0.0} ms CPU");
    }

    return;
}

var documents = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var directory = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "fp-bench-" + Guid.NewGuid().ToString("N")[..8]);
const int batchSize = 10_000;

Console.WriteLine($"# FeedbackPortal embedded search benchmark");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
Console.WriteLine($"cpu: {CpuModel()}");
Console.WriteLine($"documents: {documents:N0}, iterations per query: {iterations}, index directory: {directory}");

var index = new EmbeddedSearchIndex(directory);
await index.EnsureReadyAsync(CancellationToken.None);
var reuse = args.Length > 3 && args[3] == "reuse";

// Reindex: documents generated on one thread, written by the rebuild on another (a bounded channel).
var watch = Stopwatch.StartNew();
var channel = Channel.CreateBounded<List<SearchDocument>>(2);
var producer = reuse ? Task.CompletedTask : Task.Run(async () =>
{
    var corpus = new SyntheticCorpus(57, documents);
    for (long n = 0; n < documents; n += batchSize)
    {
        var batch = new List<SearchDocument>(batchSize);
        for (var i = n; i < Math.Min(documents, n + batchSize); i++)
        {
            batch.Add(corpus.Next(i));
        }

        await channel.Writer.WriteAsync(batch);
    }

    channel.Writer.Complete();
});

long written = 0;
if (reuse)
{
    channel.Writer.TryComplete();
}
else
{
await using (var rebuild = await index.BeginRebuildAsync(CancellationToken.None))
{
    await foreach (var batch in channel.Reader.ReadAllAsync())
    {
        await rebuild.AddAsync(batch, CancellationToken.None);
        written += batch.Count;
        if (written % 100_000 == 0)
        {
            Console.Error.WriteLine($"  loaded {written:N0} in {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }

    var loaded = watch.Elapsed;
    await rebuild.CommitAsync(CancellationToken.None);
    Console.WriteLine($"load average during reindex: {LoadAverage()}; process CPU time {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:0} s");
    Console.WriteLine($"reindex: {written:N0} documents in {watch.Elapsed.TotalSeconds:0.0} s " +
                      $"(load {loaded.TotalSeconds:0.0} s, optimize + indexes + swap {(watch.Elapsed - loaded).TotalSeconds:0.0} s), " +
                      $"{written / watch.Elapsed.TotalSeconds:N0} docs/s");
}

}

if (!reuse)
{
    await producer;
}

// The columns of the new file are loaded once per process (at start-up, or by the first search after a swap).
var columnsWatch = Stopwatch.StartNew();
await index.EnsureReadyAsync(CancellationToken.None);
GC.Collect();
Console.WriteLine($"columns loaded in {columnsWatch.Elapsed.TotalSeconds:0.0} s; managed heap {GC.GetTotalMemory(true) / 1024.0 / 1024.0:0} MiB");
var file = index.CurrentFile;
Console.WriteLine($"index size: {new FileInfo(file).Length / 1024.0 / 1024.0:0} MiB ({file})");

var agencies = SyntheticCorpus.Agencies;
var staffTerms = new[] { "chuyen doi so", "giay phep xay dung", "bao hiem xa hoi", "duong giao thong", "o nhiem moi truong", "ho so dat dai", "cap nuoc sach", "hoa don dien tu" };
var phrases = new[] { "\"dich vu cong truc tuyen\"", "\"thu tuc hanh chinh\"", "\"dinh danh dien tu\"", "\"nha o xa hoi\"" };
var publicTerms = new[] { "ngap ung do thi", "rac thai", "hoc phi", "khám chữa bệnh", "chieu sang cong cong" };
var now = SyntheticCorpus.Now;

// A second instance on the same directory stands for another process (a worker) writing between searches.
var writer = new EmbeddedSearchIndex(directory);
var writerCorpus = new SyntheticCorpus(58, documents);
Func<int, Task> writeOne = i => writer.UpsertAsync(
    [writerCorpus.Next(i) with { TrackingCode = $"BW-{i:D6}", Agency = agencies[i % 20], SubmittedAt = now, UpdatedAt = now }], CancellationToken.None);

var scenarios = new (string Name, Func<int, SearchQuery> Build, Func<int, Task>? Before)[]
{
    ("staff: 1 agency, text without diacritics, facets, newest", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), Text = staffTerms[i % staffTerms.Length], IncludeFacets = true,
        Sort = SearchSort.Newest, Now = now,
    }, null),
    ("staff: 1 agency, text + status filter, facets, relevance", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), Text = staffTerms[(i + 3) % staffTerms.Length], Statuses = ["in_progress", "delivered"],
        IncludeFacets = true, Now = now,
    }, null),
    ("staff: 2 agencies, overdue, facets, newest (no text)", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20], agencies[(i + 7) % 52]]), Overdue = true, IncludeFacets = true, Sort = SearchSort.Newest, Now = now,
    }, null),
    ("staff: inbox, 1 agency, facets, newest (no text)", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), IncludeFacets = true, Sort = SearchSort.Newest, Now = now,
    }, null),
    ("staff: 1 agency, phrase query, relevance", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), Text = phrases[i % phrases.Length], Now = now,
    }, null),
    ("staff: 1 agency, text, page 5, deadline sort", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), Text = staffTerms[(i + 5) % staffTerms.Length], Sort = SearchSort.Deadline, Page = 5, Now = now,
    }, null),
    ("public: text, facets, relevance", i => new SearchQuery
    {
        Scope = SearchScope.Public, Text = publicTerms[i % publicTerms.Length], IncludeFacets = true, Now = now,
    }, null),
    ("coordinator: all agencies, text, newest, no facets", i => new SearchQuery
    {
        Scope = SearchScope.AllAgencies, Text = staffTerms[i % staffTerms.Length], Sort = SearchSort.Newest, Now = now,
    }, null),
    ("public: similar cases for a title being typed (10, no total)", i => new SearchQuery
    {
        Scope = SearchScope.Public, Text = publicTerms[i % publicTerms.Length], PageSize = 10, TotalHitsThreshold = 10, Now = now,
    }, null),
    ("staff: inbox, 1 agency, facets, newest, after another process wrote a case there", i => new SearchQuery
    {
        Scope = SearchScope.Staff([agencies[i % 20]]), IncludeFacets = true, Sort = SearchSort.Newest, Now = now,
    }, writeOne),
};

Console.WriteLine();
Console.WriteLine($"load average before queries: {LoadAverage()}");
Console.WriteLine("| query | p50 ms | p95 ms | p99 ms | CPU p50 ms | CPU p95 ms | mean total | lower-bound totals |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
// Optional 5th argument: only these scenarios (0-based, comma-separated), for quick iterations.
var only = args.Length > 4 ? args[4].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToHashSet() : null;
foreach (var (name, build, before) in scenarios.Where((_, i) => only is null || only.Contains(i)))
{
    for (var i = 0; i < 10; i++)
    {
        await (before?.Invoke(iterations + i) ?? Task.CompletedTask);
        await index.SearchAsync(build(i), CancellationToken.None); // warm-up
    }

    var times = new double[iterations];
    var cpu = new double[iterations];
    long hits = 0;
    var lowerBounds = 0;
    for (var i = 0; i < iterations; i++)
    {
        var query = build(i);
        await (before?.Invoke(i) ?? Task.CompletedTask); // not timed: only the search that follows it
        var cpuStart = NativeMethods.ThreadCpuMilliseconds();
        var started = Stopwatch.GetTimestamp();
        // Microsoft.Data.Sqlite completes synchronously, so the whole search runs on this thread.
        var results = index.SearchAsync(query, CancellationToken.None).GetAwaiter().GetResult();
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        cpu[i] = NativeMethods.ThreadCpuMilliseconds() - cpuStart;
        hits += results.Total;
        lowerBounds += results.TotalIsLowerBound ? 1 : 0;
    }

    Array.Sort(times);
    Array.Sort(cpu);
    Console.WriteLine($"| {name} | {Percentile(times, 0.50):0.0} | {Percentile(times, 0.95):0.0} | {Percentile(times, 0.99):0.0} | " +
                      $"{Percentile(cpu, 0.50):0.0} | {Percentile(cpu, 0.95):0.0} | {hits / iterations:N0} | {lowerBounds}/{iterations} |");
}

if (args.Length <= 2)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Trim();
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string CpuModel()
{
    try
    {
        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    }
    catch (IOException)
    {
        return "unknown";
    }
}
