namespace FeedbackPortal.Web.Features.RoutingRules;

/// <summary>Marker for the routing rules and agency registry pages' texts.</summary>
public sealed class RoutingRulesText;
