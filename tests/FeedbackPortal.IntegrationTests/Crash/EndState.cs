using System.Diagnostics;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.IntegrationTests.Crash;

/// <summary>One measurement of the guarantee over every case the portal stored or acknowledged.</summary>
public sealed record EndStateReport(int Acknowledged, int Stored, int Stranded, int Duplicated, int Receipts, int Indexed, string FirstProblem)
{
    public string Line(string scenario, TimeSpan drain, string extra) =>
        $"{scenario}: acknowledged={Acknowledged} stored={Stored} stranded={Stranded} duplicated={Duplicated} " +
        $"receipts={Receipts} indexed={Indexed} drain={drain.TotalSeconds:0.0}s {extra}".TrimEnd();
}

/// <summary>
/// The end state every acknowledged case must reach: in the database "delivered" (routed, then
/// consumed from its agency queue by the portal inbox), exactly one routing and one delivery event,
/// its receipt recorded once and its .eml in the pickup folder, and its document in the index with
/// status delivered. Read from outside the portal's processes: the database, the index files, the
/// mail folder.
/// </summary>
public sealed class EndState(Func<PortalDbContext> database, ISearchIndex index, string mailDirectory)
{
    public async Task<EndStateReport> MeasureAsync(IReadOnlyCollection<string> acknowledged)
    {
        await using var db = database();
        var cases = await db.Submissions.AsNoTracking().Select(s => new { s.Id, s.TrackingCode, s.Status }).ToListAsync();
        var events = (await db.TimelineEvents.AsNoTracking()
                .Where(t => t.Type == TimelineEventType.Routed || t.Type == TimelineEventType.Delivered)
                .GroupBy(t => new { t.SubmissionId, t.Type })
                .Select(g => new { g.Key.SubmissionId, g.Key.Type, Count = g.Count() })
                .ToListAsync())
            .ToDictionary(e => (e.SubmissionId, e.Type), e => e.Count);
        var receipts = (await db.SentNotifications.AsNoTracking()
                .Where(n => n.Template == EmailTemplates.Receipt && n.SubmissionId != null)
                .GroupBy(n => n.SubmissionId!.Value)
                .Select(g => new { Id = g.Key, Count = g.Count() })
                .ToListAsync())
            .ToDictionary(r => r.Id, r => r.Count);
        var mails = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(mailDirectory))
        {
            mails.UnionWith(Directory.EnumerateFiles(mailDirectory, "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)));
        }

        var indexed = await IndexedAsync("delivered");

        var stored = cases.Select(c => c.TrackingCode).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        problems.AddRange(acknowledged.Where(code => !stored.Contains(code)).Select(code => $"{code}: acknowledged but not stored"));
        var duplicated = 0;
        var receiptFiles = 0;
        foreach (var c in cases)
        {
            var routed = events.GetValueOrDefault((c.Id, TimelineEventType.Routed));
            var delivered = events.GetValueOrDefault((c.Id, TimelineEventType.Delivered));
            var receiptFile = mails.Contains(ReceiptNotification.IdFor(c.Id).ToString("N"));
            receiptFiles += receiptFile ? 1 : 0;
            if (routed > 1 || delivered > 1 || receipts.GetValueOrDefault(c.Id) > 1)
            {
                duplicated++;
                problems.Add($"{c.TrackingCode}: routed {routed}x, delivered {delivered}x, receipts {receipts.GetValueOrDefault(c.Id)}x");
            }

            if (c.Status != SubmissionStatus.Delivered || delivered == 0)
            {
                problems.Add($"{c.TrackingCode}: {c.Status.Code()}");
            }
            else if (receipts.GetValueOrDefault(c.Id) == 0 || !receiptFile)
            {
                problems.Add($"{c.TrackingCode}: receipt recorded {receipts.GetValueOrDefault(c.Id)}x, file {(receiptFile ? "present" : "missing")}");
            }
            else if (!indexed.Contains(c.TrackingCode))
            {
                problems.Add($"{c.TrackingCode}: not indexed as delivered");
            }
        }

        var stranded = problems.Count - duplicated;
        return new EndStateReport(acknowledged.Count, cases.Count, stranded, duplicated, receiptFiles, indexed.Count,
            problems.FirstOrDefault() ?? "none");
    }

    /// <summary>Polls until nothing is stranded or the time is up; returns the last measurement and the time it took.</summary>
    public async Task<(EndStateReport Report, TimeSpan Drain)> WaitForDrainAsync(IReadOnlyCollection<string> acknowledged, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var report = await MeasureAsync(acknowledged);
            if ((report.Stranded == 0 && report.Duplicated == 0) || watch.Elapsed > timeout)
            {
                return (report, watch.Elapsed);
            }

            await Task.Delay(1000);
        }
    }

    private async Task<HashSet<string>> IndexedAsync(string status)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var results = await index.SearchAsync(new SearchQuery
            {
                Scope = SearchScope.AllAgencies,
                Statuses = [status],
                Sort = SearchSort.Newest,
                Page = page,
                PageSize = 100,
                Now = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
            foreach (var hit in results.Hits)
            {
                codes.Add(hit.Document.TrackingCode);
            }

            if (results.Hits.Count < 100)
            {
                return codes;
            }
        }
    }
}
