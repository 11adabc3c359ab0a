using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>The system of record. Handlers use it directly; there are no repository wrappers.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<TimelineEvent> TimelineEvents => Set<TimelineEvent>();
    public DbSet<SubmissionRating> Ratings => Set<SubmissionRating>();
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<Field> Fields => Set<Field>();
    public DbSet<StrategicSystem> Systems => Set<StrategicSystem>();
    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<StaffAgency> StaffAgencies => Set<StaffAgency>();
    public DbSet<SentNotification> SentNotifications => Set<SentNotification>();
    public DbSet<EmailBounce> EmailBounces => Set<EmailBounce>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<Statistics.MonthlyReportDispatch> MonthlyReportDispatches => Set<Statistics.MonthlyReportDispatch>();
    public DbSet<ResponseTemplate> ResponseTemplates => Set<ResponseTemplate>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<UsedCaptcha> UsedCaptchas => Set<UsedCaptcha>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset stored as text; ticks sort correctly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        PortalModel.Configure(builder);
    }
}

/// <summary>Idempotency record for e-mails: a notification id is handled at most once.</summary>
public sealed class SentNotification
{
    public Guid NotificationId { get; set; }
    public string Template { get; set; } = string.Empty;
    public Guid? SubmissionId { get; set; }
    public DateTimeOffset SentAt { get; set; }

    /// <summary><see cref="NotificationOutcome"/>: sent, or not sent because the address bounced.</summary>
    public string Outcome { get; set; } = NotificationOutcome.Sent;
}
