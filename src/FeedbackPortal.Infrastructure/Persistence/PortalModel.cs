using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Idempotency;
using FeedbackPortal.Infrastructure.Outbox;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>Table mappings shared by both providers (the migrations differ only in SQL dialect).</summary>
internal static class PortalModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Submission>(e =>
        {
            e.ToTable("submissions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.TrackingCode).HasMaxLength(20).IsRequired();
            e.HasIndex(s => s.TrackingCode).IsUnique();
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(30);
            e.Property(s => s.Title).HasMaxLength(300).IsRequired();
            e.Property(s => s.Content).HasMaxLength(20000).IsRequired();
            e.Property(s => s.FieldCode).HasMaxLength(64).IsRequired();
            e.Property(s => s.SystemCode).HasMaxLength(32);
            e.Property(s => s.LocalityCode).HasMaxLength(64);
            e.Property(s => s.CommuneWard).HasMaxLength(200);
            e.Property(s => s.CommuneCode).HasMaxLength(64);
            e.Property(s => s.ExpectedImpact).HasMaxLength(5000);
            e.Property(s => s.SupportRequested).HasMaxLength(5000);
            e.Property(s => s.ConsentPolicyVersion).HasMaxLength(32);
            e.Property(s => s.Language).HasMaxLength(5);
            e.Property(s => s.Channel).HasMaxLength(100);
            e.Property(s => s.AgencyCode).HasMaxLength(64);
            e.Property(s => s.AssigneeId).HasMaxLength(64);
            e.Property(s => s.AssigneeName).HasMaxLength(200);
            e.Property(s => s.Task).HasMaxLength(2000);
            e.Property(s => s.Answer).HasMaxLength(20000);
            e.Property(s => s.RejectionReason).HasMaxLength(2000);
            e.Property(s => s.MergedIntoTrackingCode).HasMaxLength(20);
            e.Property(s => s.PendingAnswer).HasMaxLength(20000);
            e.Property(s => s.PendingAnswerBy).HasMaxLength(64);
            e.Property(s => s.PublicTitle).HasMaxLength(300);
            e.Property(s => s.PublicContent).HasMaxLength(20000);
            e.Property(s => s.PublicAnswer).HasMaxLength(20000);
            e.Property(s => s.PublishedBy).HasMaxLength(64);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.OwnsOne(s => s.Submitter, o =>
            {
                o.Property(p => p.Name).HasColumnName("submitter_name").HasMaxLength(200).IsRequired();
                o.Property(p => p.Email).HasColumnName("submitter_email").HasMaxLength(254).IsRequired();
                o.Property(p => p.Phone).HasColumnName("submitter_phone").HasMaxLength(20);
                o.Property(p => p.OrganizationName).HasColumnName("organization_name").HasMaxLength(300);
                o.Property(p => p.TaxCode).HasColumnName("organization_tax_code").HasMaxLength(14);
            });
            e.Navigation(s => s.Submitter).IsRequired();
            e.HasMany(s => s.Timeline).WithOne().HasForeignKey(t => t.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(s => s.Timeline).HasField("_timeline").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasMany(s => s.Ratings).WithOne().HasForeignKey(r => r.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(s => s.Ratings).HasField("_ratings").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasIndex(s => new { s.AgencyCode, s.SubmittedAt });
            e.HasIndex(s => new { s.Status, s.Deadline });
            e.HasIndex(s => new { s.LocalityCode, s.CommuneCode });
        });

        b.Entity<TimelineEvent>(e =>
        {
            e.ToTable("timeline_events");
            e.HasKey(t => t.Id);
            // Ids are set by the domain: an event found through Submission.Timeline is new, not existing.
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Type).HasConversion<string>().HasMaxLength(40);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(30);
            e.Property(t => t.Actor).HasMaxLength(200);
            e.Property(t => t.PublicNote).HasMaxLength(20000);
            e.Property(t => t.InternalNote).HasMaxLength(20000);
            e.Property(t => t.AgencyCode).HasMaxLength(64);
            e.HasIndex(t => new { t.SubmissionId, t.At });
        });

        b.Entity<SubmissionRating>(e =>
        {
            e.ToTable("submission_ratings");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Level).HasConversion<int>();
            e.Property(r => r.Comment).HasMaxLength(Submission.MaxRatingCommentLength);
            e.Property(r => r.AgencyCode).HasMaxLength(64);
            // One rating per answer, enforced by the database too (two tabs posting at once).
            e.HasIndex(r => new { r.SubmissionId, r.AnsweredAt }).IsUnique();
            e.HasIndex(r => new { r.AgencyCode, r.RatedAt });
        });

        b.Entity<Agency>(e =>
        {
            e.ToTable("agencies");
            e.HasKey(a => a.Code);
            e.Property(a => a.Code).HasMaxLength(64);
            e.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.NameVi).HasMaxLength(300);
            e.Property(a => a.NameEn).HasMaxLength(300);
            e.Property(a => a.ContactEmail).HasMaxLength(254);
            e.Property(a => a.HeadEmail).HasMaxLength(254);
            e.Property(a => a.LocalityCode).HasMaxLength(64);
            e.Property(a => a.LocalityNameVi).HasMaxLength(200);
            e.Property(a => a.LocalityNameEn).HasMaxLength(200);
            e.Property(a => a.MergedFrom).HasMaxLength(1000);
            e.HasIndex(a => a.LocalityCode).IsUnique();
            e.Ignore(a => a.MergedFromNames);
        });

        b.Entity<Field>(e =>
        {
            e.ToTable("fields");
            e.HasKey(f => f.Code);
            e.Property(f => f.Code).HasMaxLength(64);
            e.Property(f => f.NameVi).HasMaxLength(300);
            e.Property(f => f.NameEn).HasMaxLength(300);
            e.Property(f => f.DefaultAgencyCode).HasMaxLength(64);
        });

        b.Entity<StrategicSystem>(e =>
        {
            e.ToTable("strategic_systems");
            e.HasKey(s => s.Code);
            e.Property(s => s.Code).HasMaxLength(32);
            e.Property(s => s.NameVi).HasMaxLength(300);
            e.Property(s => s.NameEn).HasMaxLength(300);
        });

        b.Entity<RoutingRule>(e =>
        {
            e.ToTable("routing_rules");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.FieldCode).HasMaxLength(64);
            e.Property(r => r.LocalityCode).HasMaxLength(64);
            e.Property(r => r.TargetAgencyCode).HasMaxLength(64);
            e.Property(r => r.Description).HasMaxLength(500);
            e.Property(r => r.CommuneCodes).HasMaxLength(4000);
            e.Ignore(r => r.Specificity);
            e.Ignore(r => r.Communes);
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).HasMaxLength(100);
            e.Property(m => m.Destination).HasMaxLength(200);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.Property(m => m.TraceParent).HasMaxLength(55);
            e.HasIndex(m => m.MessageId).IsUnique();
            e.HasIndex(m => new { m.DispatchedAt, m.Id });
        });

        b.Entity<ApiClient>(e =>
        {
            e.ToTable("api_clients");
            e.HasKey(c => c.Id);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.AgencyCode).HasMaxLength(64);
            e.Property(c => c.KeyHash).HasMaxLength(64);
            e.HasIndex(c => c.KeyHash).IsUnique();
        });

        b.Entity<StaffAgency>(e =>
        {
            e.ToTable("staff_agencies");
            e.HasKey(s => new { s.UserId, s.AgencyCode });
            e.Property(s => s.AgencyCode).HasMaxLength(64);
            e.HasOne<StaffUser>().WithMany(u => u.Agencies).HasForeignKey(s => s.UserId);
            e.HasIndex(s => s.AgencyCode);
        });

        b.Entity<StaffUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.JobTitle).HasMaxLength(200);
            e.Property(u => u.Unit).HasMaxLength(200);
        });

        b.Entity<SentNotification>(e =>
        {
            e.ToTable("sent_notifications");
            e.HasKey(n => n.NotificationId);
            e.Property(n => n.Template).HasMaxLength(64);
            e.Property(n => n.Outcome).HasMaxLength(16);
        });

        b.Entity<EmailBounce>(e =>
        {
            e.ToTable("email_bounces");
            e.HasKey(x => x.AddressHash);
            e.Property(x => x.AddressHash).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(300);
        });

        StaffModel.Configure(b);
        b.Entity<Attachment>(e =>
        {
            e.ToTable("attachments");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.FileName).HasMaxLength(255).IsRequired();
            e.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
            e.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
            e.Property(a => a.StoredName).HasMaxLength(100).IsRequired();
            e.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Submission>().WithMany().HasForeignKey(a => a.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => a.SubmissionId);
        });

        b.Entity<UsedCaptcha>(e =>
        {
            e.ToTable("used_captchas");
            e.HasKey(c => c.Key);
            e.Property(c => c.Key).HasMaxLength(128);
            e.HasIndex(c => c.ExpiresAt);
        });

        b.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            // The database, not a check-then-insert, decides which of two concurrent requests wins.
            e.HasKey(r => new { r.Scope, r.Key });
            e.Property(r => r.Scope).HasMaxLength(100);
            e.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
            e.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
            e.Property(r => r.ResponseLocation).HasMaxLength(300);
            e.Property(r => r.ResponseBody).HasMaxLength(4000);
            e.HasOne<Submission>().WithMany().HasForeignKey(r => r.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.SubmissionId);
            e.HasIndex(r => r.ExpiresAt);
        });
    }
}
