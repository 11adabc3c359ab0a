namespace FeedbackPortal.Web.Features.Status;

/// <summary>Marker for the status feature's texts.</summary>
public sealed class StatusText;
