namespace FeedbackPortal.Web.Features.Open311;

/// <summary>Marker for the Open311 feature's texts (Open311Text.resx: Vietnamese; .en.resx: English).</summary>
public sealed class Open311Text;
