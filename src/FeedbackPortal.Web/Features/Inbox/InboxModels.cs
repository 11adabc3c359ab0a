using FeedbackPortal.Infrastructure.Search;
using FeedbackPortal.Web.Features.Cases;

namespace FeedbackPortal.Web.Features.Inbox;

public sealed record InboxRow(string TrackingCode, string Kind, string Title, string Status, string? Agency,
    DateTimeOffset SubmittedAt, DateTimeOffset? Deadline, string? AssigneeName, bool Overdue);

public static class InboxViews
{
    public const string New = "new";
    public const string Mine = "mine";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";
    public const string NeedsInfo = "needs-info";
    public const string Answered = "answered";
    public const string All = "all";

    public static readonly IReadOnlyList<string> Ordered = [New, Mine, DueSoon, Overdue, NeedsInfo, Answered, All];

    public static string Normalize(string? view) => view is not null && Ordered.Contains(view) ? view : All;
}

/// <summary>Query string of the inbox: a view, free text, facet filters, page.</summary>
public sealed class InboxFilter
{
    public string? View { get; set; }
    public string? Q { get; set; }
    public List<string> Status { get; set; } = [];
    public List<string> Field { get; set; } = [];
    public List<string> Agency { get; set; } = [];
    public int Page { get; set; } = 1;
    public int? BulkDone { get; set; }
    public int? BulkFailed { get; set; }

    public bool UsesIndex => !string.IsNullOrWhiteSpace(Q) || Status.Count > 0 || Field.Count > 0 || Agency.Count > 0;

    /// <summary>This filter's query string for another page or view.</summary>
    public string Link(string? view = null, int? page = null)
    {
        var parts = new List<string> { "view=" + Uri.EscapeDataString(view ?? View ?? InboxViews.All) };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        parts.AddRange(Status.Select(s => "status=" + Uri.EscapeDataString(s)));
        parts.AddRange(Field.Select(s => "field=" + Uri.EscapeDataString(s)));
        parts.AddRange(Agency.Select(s => "agency=" + Uri.EscapeDataString(s)));
        if (page is > 1)
        {
            parts.Add("page=" + page);
        }

        return "/staff/inbox?" + string.Join("&", parts);
    }
}

public sealed class InboxPage
{
    public string? Query { get; init; }
    public required string View { get; init; }
    public required InboxFilter Filter { get; init; }
    public required IReadOnlyList<InboxRow> Rows { get; init; }
    public long Total { get; init; }

    /// <summary>More matches than the index counts exactly: shown as "10 000+".</summary>
    public bool TotalIsLowerBound { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
    public required IReadOnlyList<string> Agencies { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets { get; init; }
    public required IReadOnlyList<StaffOption> Officers { get; init; }
    public required IReadOnlyList<StaffOption> TransferTargets { get; init; }
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}
