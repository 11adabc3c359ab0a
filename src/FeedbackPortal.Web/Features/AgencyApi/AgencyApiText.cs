namespace FeedbackPortal.Web.Features.AgencyApi;

/// <summary>Marker for the agency API's texts (problem titles, vi default / en by Accept-Language).</summary>
public sealed class AgencyApiText;
