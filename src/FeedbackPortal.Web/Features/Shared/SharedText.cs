namespace FeedbackPortal.Web.Features.Shared;

/// <summary>Marker for the shared resources (SharedText.resx: Vietnamese; SharedText.en.resx: English).</summary>
public sealed class SharedText;
