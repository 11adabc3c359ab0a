namespace FeedbackPortal.Web.Features.Transfers;

/// <summary>Marker for the transfer feature's texts.</summary>
public sealed class TransfersText;
