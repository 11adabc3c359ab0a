namespace FeedbackPortal.Web.Features.Intake;

/// <summary>Marker for the intake feature's texts (IntakeText.resx: Vietnamese; .en.resx: English).</summary>
public sealed class IntakeText;
