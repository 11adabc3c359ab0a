namespace FeedbackPortal.Infrastructure.Staff;

/// <summary>A stock answer of an agency, optionally for one field; offered on the answer form.</summary>
public sealed class ResponseTemplate
{
    public int Id { get; set; }
    public string AgencyCode { get; set; } = string.Empty;

    /// <summary>Null: for every field of the agency.</summary>
    public string? FieldCode { get; set; }

    public string Name { get; set; } = string.Empty;
    public string Text { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
}
