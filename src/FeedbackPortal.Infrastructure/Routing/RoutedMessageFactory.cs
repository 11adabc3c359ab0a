using FeedbackPortal.Contracts;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Outbox;

namespace FeedbackPortal.Infrastructure.Routing;

/// <summary>Builds the message an agency's queue receives, from the case as it is now.</summary>
public static class RoutedMessageFactory
{
    public static SubmissionRouted Create(Submission s, string ruleDescription, DateTimeOffset at,
        IReadOnlyList<RoutedAttachment>? attachments = null, RoutedTransfer? transfer = null) => new()
    {
        SubmissionId = s.Id,
        TrackingCode = s.TrackingCode,
        AgencyCode = s.AgencyCode ?? throw new InvalidOperationException("The case has no agency yet."),
        Kind = s.Kind.Code(),
        Title = s.Title,
        Content = s.Content,
        Field = s.FieldCode,
        System = s.SystemCode,
        Locality = s.LocalityCode,
        CommuneWard = s.CommuneWard,
        ExpectedImpact = s.ExpectedImpact,
        SupportRequested = s.SupportRequested,
        Submitter = new RoutedSubmitter(s.Submitter.Name, s.Submitter.Email, s.Submitter.Phone,
            s.Submitter.OrganizationName, s.Submitter.TaxCode),
        Attachments = attachments ?? [],
        SubmittedAt = s.SubmittedAt,
        Deadline = s.Deadline,
        Routing = new RoutedBy(s.RoutingRuleId, ruleDescription),
        Transfer = transfer,
        RoutedAt = at,
    };

    /// <summary>The outbox row that carries a routed case to its agency's queue.</summary>
    public static OutboxMessage ToAgencyQueue(SubmissionRouted message, DateTimeOffset at) =>
        OutboxMessage.Send(message, Topology.AgencyQueue(message.AgencyCode), at);

    public static OutboxMessage Changed(Submission s, string change, DateTimeOffset at) =>
        OutboxMessage.Publish(new SubmissionChanged(s.Id, s.TrackingCode, change, at), at);
}
