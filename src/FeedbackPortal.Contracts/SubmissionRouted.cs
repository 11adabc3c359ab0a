namespace FeedbackPortal.Contracts;

/// <summary>
/// Sent to the responsible agency's queue, agency.&lt;code&gt;. Carries everything an agency's own
/// case system needs to open the case without calling back (the agency is entitled to the
/// submitter's contact). Additive changes keep <see cref="SchemaVersion"/>; breaking ones raise it.
/// </summary>
public sealed record SubmissionRouted
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required Guid SubmissionId { get; init; }
    public required string TrackingCode { get; init; }
    public required string AgencyCode { get; init; }
    public required string Kind { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public required string Field { get; init; }
    public string? System { get; init; }
    public string? Locality { get; init; }
    public string? CommuneWard { get; init; }
    public string? ExpectedImpact { get; init; }
    public string? SupportRequested { get; init; }
    public required RoutedSubmitter Submitter { get; init; }
    public IReadOnlyList<RoutedAttachment> Attachments { get; init; } = [];
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public required RoutedBy Routing { get; init; }

    /// <summary>Set when the case arrives by transfer from another agency.</summary>
    public RoutedTransfer? Transfer { get; init; }

    public required DateTimeOffset RoutedAt { get; init; }
}

public sealed record RoutedSubmitter(string Name, string Email, string? Phone, string? OrganizationName, string? TaxCode);

/// <summary>An attachment as an authorised download link (agency API key required).</summary>
public sealed record RoutedAttachment(Guid Id, string FileName, string ContentType, long Size, string DownloadUrl);

/// <summary>The rule that made the decision (null id: nothing matched, central triage).</summary>
public sealed record RoutedBy(int? RuleId, string Description);

public sealed record RoutedTransfer(string FromAgencyCode, string Reason);
