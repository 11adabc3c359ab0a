using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>Tables of staff work: audit log, job leases, response templates.</summary>
internal static class StaffModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(200);
            e.Property(a => a.ActorName).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.TrackingCode).HasMaxLength(20);
            e.Property(a => a.Details).HasMaxLength(2000);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.Property(a => a.UserAgent).HasMaxLength(500);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.TrackingCode, a.At });
            e.HasIndex(a => new { a.Actor, a.At });
        });

        b.Entity<Statistics.MonthlyReportDispatch>(e =>
        {
            e.ToTable("monthly_report_dispatches");
            e.HasKey(d => new { d.Month, d.Scope });
            e.Property(d => d.Month).HasMaxLength(7);
            e.Property(d => d.Scope).HasMaxLength(64);
        });

        b.Entity<JobLease>(e =>
        {
            e.ToTable("job_leases");
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(64);
        });

        b.Entity<ResponseTemplate>(e =>
        {
            e.ToTable("response_templates");
            e.HasKey(t => t.Id);
            e.Property(t => t.AgencyCode).HasMaxLength(64);
            e.Property(t => t.FieldCode).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.Text).HasMaxLength(20000);
            e.Property(t => t.CreatedBy).HasMaxLength(200);
            e.HasIndex(t => new { t.AgencyCode, t.FieldCode });
        });
    }
}
