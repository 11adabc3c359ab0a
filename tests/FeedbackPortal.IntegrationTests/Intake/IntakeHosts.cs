using FeedbackPortal.Testing;

namespace FeedbackPortal.IntegrationTests.Intake;

// xunit needs a class fixture with exactly one public constructor; PortalHost has two.

/// <summary>The default embedded portal (Development, Captcha None).</summary>
public sealed class IntakeHost() : PortalHost(new PortalHostOptions());
