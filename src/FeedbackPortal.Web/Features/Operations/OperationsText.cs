namespace FeedbackPortal.Web.Features.Operations;

/// <summary>Marker for the operations page's texts.</summary>
public sealed class OperationsText;
