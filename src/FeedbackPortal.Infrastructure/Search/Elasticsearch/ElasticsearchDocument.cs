using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>The _source of one case: camelCase fields, text in NFC, dates as ISO 8601 UTC.</summary>
public static class ElasticsearchDocument
{
    /// <summary>Staff-only fields: never requested for, nor returned to, public queries.</summary>
    public static readonly IReadOnlyList<string> StaffOnlyFields = ["assigneeId", "assigneeName"];

    /// <summary>Vietnamese stays readable UTF-8 on the wire instead of \u escapes (smaller bodies, readable logs).</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ToSource(SearchDocument d) => new()
    {
        ["trackingCode"] = d.TrackingCode,
        ["submissionId"] = d.SubmissionId.ToString(),
        ["kind"] = d.Kind,
        ["title"] = SearchFolding.ToNfc(d.Title),
        ["content"] = SearchFolding.ToNfc(d.Content),
        ["answer"] = d.PublicAnswer is null ? null : SearchFolding.ToNfc(d.PublicAnswer),
        ["field"] = d.Field,
        ["system"] = d.System,
        ["agency"] = d.Agency,
        ["locality"] = d.Locality,
        ["status"] = d.Status,
        ["submittedAt"] = Date(d.SubmittedAt),
        ["updatedAt"] = Date(d.UpdatedAt),
        ["deadline"] = d.Deadline is { } deadline ? Date(deadline) : null,
        ["overdue"] = d.Overdue,
        ["assigneeId"] = d.AssigneeId,
        ["assigneeName"] = d.AssigneeName,
        ["published"] = d.Published,
        ["satisfaction"] = d.Satisfaction,
    };

    public static SearchDocument FromSource(JsonElement s, bool publicOnly, DateTimeOffset now)
    {
        string? Str(string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateTimeOffset? Dt(string name) => Str(name) is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture) : null;
        bool Bool(string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

        var status = Str("status") ?? "";
        var deadline = Dt("deadline");
        return new SearchDocument
        {
            TrackingCode = Str("trackingCode") ?? "",
            SubmissionId = Guid.TryParse(Str("submissionId"), out var id) ? id : Guid.Empty,
            Kind = Str("kind") ?? "",
            Title = Str("title") ?? "",
            Content = Str("content") ?? "",
            Field = Str("field") ?? "",
            System = Str("system"),
            Agency = Str("agency"),
            Locality = Str("locality"),
            Status = status,
            SubmittedAt = Dt("submittedAt") ?? default,
            UpdatedAt = Dt("updatedAt") ?? default,
            Deadline = deadline,
            Overdue = deadline < now && OpenStatuses.ClockRunning.Contains(status),
            AssigneeId = publicOnly ? null : Str("assigneeId"),
            AssigneeName = publicOnly ? null : Str("assigneeName"),
            Published = Bool("published"),
            PublicAnswer = Str("answer"),
            Satisfaction = s.TryGetProperty("satisfaction", out var sat) && sat.ValueKind == JsonValueKind.Number ? sat.GetInt32() : null,
        };
    }
}
