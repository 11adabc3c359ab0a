namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// The search index: derived from the database and rebuildable at any time (see reindex). Two
/// engines implement it (embedded SQLite FTS5, Elasticsearch) and pass one conformance suite.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Creates the index (and, for Elasticsearch, its template and alias) when missing.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces documents by tracking code.</summary>
    Task UpsertAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken);

    Task DeleteAsync(string trackingCode, CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a rebuild into a fresh index while searches keep using the current one; committing
    /// the rebuild swaps it in atomically.
    /// </summary>
    Task<IIndexRebuild> BeginRebuildAsync(CancellationToken cancellationToken);
}

public interface IIndexRebuild : IAsyncDisposable
{
    Task AddAsync(IReadOnlyCollection<SearchDocument> documents, CancellationToken cancellationToken);

    /// <summary>Swaps the new index in; until then nothing changes for searchers.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>One document per submission.</summary>
public sealed record SearchDocument
{
    public required string TrackingCode { get; init; }
    public required Guid SubmissionId { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public required string Field { get; init; }
    public string? System { get; init; }
    public string? Agency { get; init; }
    public string? Locality { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Overdue when indexed; queries use <see cref="SearchQuery.Now"/> against the deadline instead.</summary>
    public bool Overdue { get; init; }

    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }

    /// <summary>The submitter allowed publication and the case is not withdrawn: visible in public search.</summary>
    public bool Published { get; init; }

    public string? PublicAnswer { get; init; }
    public int? Satisfaction { get; init; }
}

public enum SearchSort
{
    Relevance = 0,
    Newest,
    Deadline,
}

/// <summary>Who is searching. Staff see only their agencies; the public only published cases.</summary>
public sealed record SearchScope
{
    private SearchScope(bool isPublic, IReadOnlyCollection<string>? agencies)
    {
        IsPublic = isPublic;
        Agencies = agencies;
    }

    public bool IsPublic { get; }

    /// <summary>Null for the whole country (coordinators); otherwise the only agencies visible.</summary>
    public IReadOnlyCollection<string>? Agencies { get; }

    public static SearchScope Public { get; } = new(true, null);

    public static SearchScope AllAgencies { get; } = new(false, null);

    public static SearchScope Staff(IReadOnlyCollection<string> agencies) => new(false, agencies);
}

public sealed record SearchQuery
{
    public required SearchScope Scope { get; init; }

    /// <summary>Free text; words in double quotes are a phrase. Diacritics optional.</summary>
    public string? Text { get; init; }

    public IReadOnlyCollection<string> Agencies { get; init; } = [];
    public IReadOnlyCollection<string> Statuses { get; init; } = [];
    public IReadOnlyCollection<string> Kinds { get; init; } = [];
    public IReadOnlyCollection<string> Fields { get; init; } = [];
    public IReadOnlyCollection<string> Localities { get; init; } = [];
    public string? AssigneeId { get; init; }

    /// <summary>True: only open cases past their deadline at <see cref="Now"/>; false: only the others.</summary>
    public bool? Overdue { get; init; }

    /// <summary>Only open cases due on or before this moment (e.g. "due soon").</summary>
    public DateTimeOffset? DueBefore { get; init; }

    public DateTimeOffset? SubmittedFrom { get; init; }
    public DateTimeOffset? SubmittedTo { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;
    public bool IncludeFacets { get; init; }

    /// <summary>
    /// Totals are exact up to this many matches and a lower bound beyond (Elasticsearch's
    /// track_total_hits): counting every match of a common word costs more than finding the page.
    /// </summary>
    public int TotalHitsThreshold { get; init; } = DefaultTotalHitsThreshold;

    public required DateTimeOffset Now { get; init; }

    public const int DefaultTotalHitsThreshold = 10_000;
}

public sealed record SearchHit(SearchDocument Document, double Score, string? Highlight);

public sealed record SearchResults(
    IReadOnlyList<SearchHit> Hits,
    long Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets)
{
    /// <summary>
    /// True when there are more than <see cref="SearchQuery.TotalHitsThreshold"/> matches:
    /// <see cref="Total"/> is then the threshold ("10 000+"), and facets may count a subset.
    /// </summary>
    public bool TotalIsLowerBound { get; init; }

    public const string StatusFacet = "status";
    public const string FieldFacet = "field";
    public const string AgencyFacet = "agency";
}

/// <summary>Statuses in which a case counts towards "overdue" once past its deadline.</summary>
public static class OpenStatuses
{
    public static readonly IReadOnlyList<string> ClockRunning =
        ["routed", "transferred", "delivered", "in_progress", "under_evaluation"];
}
