namespace FeedbackPortal.Web.Features.Inbox;

/// <summary>Marker for the inbox feature's texts.</summary>
public sealed class InboxText;
