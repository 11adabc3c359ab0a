namespace FeedbackPortal.Web.Features.PublicCases;

/// <summary>Marker for the public case search's texts.</summary>
public sealed class PublicCasesText;
