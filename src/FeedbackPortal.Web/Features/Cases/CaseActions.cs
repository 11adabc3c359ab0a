using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Email;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Routing;
using FeedbackPortal.Infrastructure.Sla;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Web.Features.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Web.Features.Cases;

/// <summary>
/// The case actions shared by the staff pages and the agency API: each loads the case within the
/// actor's agencies (another agency's case is not found: null), calls ONE transition of the entity
/// (which enforces its allowed statuses and writes the timeline event), then adds the outbox
/// SubmissionChanged, any e-mail and the audit entry, and saves all of it in one SaveChanges.
/// Refusals are <see cref="WorkflowException"/>s.
/// </summary>
public sealed partial class CaseActions(
    PortalDbContext db,
    DeadlineCalculator deadlines,
    TimeProvider clock,
    AuditLog audit,
    IOptions<PortalOptions> portal,
    IDataProtectionProvider protection,
    Transfers.TransferHandler transfers,
    AnswerFiles answerFiles,
    Ratings.RatingLinks ratingLinks)
{
    private const string TokenPurpose = "FeedbackPortal.Cases.InfoRequest";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(90);

    public string BaseUrl => portal.Value.PublicBaseUrl;

    public async Task<Submission?> FindAsync(string code, CaseActor actor, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null)
        {
            return null;
        }

        var agencies = actor.Agencies?.ToList();
        var query = db.Submissions.Include(s => s.Timeline).AsSplitQuery().Where(s => s.TrackingCode == normalized);
        if (agencies is not null)
        {
            query = query.Where(s => s.AgencyCode != null && agencies.Contains(s.AgencyCode));
        }

        return await query.FirstOrDefaultAsync(ct);
    }

    /// <summary>Assign to a staff member (id or e-mail) who belongs to the case's agency.</summary>
    public Task<bool> AssignAsync(string code, CaseActor actor, string officer, CancellationToken ct) =>
        RunAsync(code, actor, "assign", officer, async (s, now) =>
        {
            var key = officer.Trim();
            var normalized = key.ToUpperInvariant();
            var user = await (from u in db.Users
                              join m in db.StaffAgencies on u.Id equals m.UserId
                              where (u.Id == key || u.NormalizedEmail == normalized) && m.AgencyCode == s.AgencyCode
                              select new { u.Id, u.DisplayName, u.Email }).FirstOrDefaultAsync(ct)
                ?? throw new WorkflowException("assign.officer_not_in_agency", "That officer does not belong to the case's agency.");
            s.Assign(user.Id, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName, actor.Id, now);
        }, ct);

    public Task<bool> StartAsync(string code, CaseActor actor, CancellationToken ct) =>
        RunAsync(code, actor, "start", null, (s, now) => s.StartWork(actor.Id, now), ct);

    public Task<bool> ChangeTaskAsync(string code, CaseActor actor, string? task, CancellationToken ct) =>
        RunAsync(code, actor, "task", null, (s, now) => s.ChangeTask(task ?? "", actor.Id, now), ct);

    public Task<bool> AddNoteAsync(string code, CaseActor actor, string? note, CancellationToken ct) =>
        RunAsync(code, actor, "note", null, (s, now) => s.AddNote(note ?? "", actor.Id, now), ct);

    /// <summary>Ask the submitter; they get an e-mail with a signed link to answer. The clock pauses.</summary>
    public Task<bool> RequestInformationAsync(string code, CaseActor actor, string? question, CancellationToken ct) =>
        RunAsync(code, actor, "request_info", null, (s, now) => RequestInformation(s, actor, question, now), ct);


    /// <summary>
    /// Answer: public text (and optionally one file, already staged and checked), status answered,
    /// e-mail to the submitter. When the agency requires its head's approval and the actor is not
    /// allowed to approve, the answer waits (internal event) and the file waits with it. The file's
    /// row is written in the same SaveChanges; its bytes move into place only after the commit.
    /// </summary>
    public async Task<bool> AnswerAsync(string code, CaseActor actor, string? text, CancellationToken ct, StagedAttachment? file = null)
    {
        var saved = false;
        IReadOnlyList<Attachment> replaced = [];
        try
        {
            saved = await RunAsync(code, actor, "answer", file?.FileName, async (s, now) =>
            {
                var requiresApproval = await db.Agencies.AsNoTracking().Where(a => a.Code == s.AgencyCode)
                    .Select(a => a.RequiresAnswerApproval).FirstOrDefaultAsync(ct);
                var proposal = requiresApproval && !actor.CanApprove;
                if (proposal)
                {
                    s.ProposeAnswer(text ?? "", actor.Id, now);
                }
                else
                {
                    s.AnswerWith(text ?? "", actor.Id, now);
                    NotifyAnswer(s, now);
                }

                replaced = await answerFiles.AttachAsync(s, file, proposal, now, ct);
            }, ct);
        }
        finally
        {
            answerFiles.AfterSave(saved, file, replaced);
        }

        return saved;
    }

    /// <summary>The head approves: the proposed text and any file proposed with it become public together.</summary>
    public Task<bool> ApproveAnswerAsync(string code, CaseActor actor, CancellationToken ct) =>
        RunAsync(code, actor, "approve_answer", null, async (s, now) =>
        {
            if (!actor.CanApprove)
            {
                throw new WorkflowException("approve_answer.not_head", "Only the head of the agency approves answers.");
            }

            s.ApproveAnswer(actor.Id, now);
            await answerFiles.PublishProposedAsync(s, ct);

            NotifyAnswer(s, now);
        }, ct);

    public Task<bool> CloseAsync(string code, CaseActor actor, CancellationToken ct) =>
        RunAsync(code, actor, "close", null, (s, now) => s.Close(actor.Id, now), ct);

    public Task<bool> RejectAsync(string code, CaseActor actor, string? reason, CancellationToken ct) =>
        RunAsync(code, actor, "reject", reason, (s, now) => s.Reject(reason ?? "", actor.Id, now), ct);

    /// <summary>Merge as a duplicate of an original the actor can also see.</summary>
    public Task<bool> MergeAsync(string code, CaseActor actor, string? into, CancellationToken ct) =>
        RunAsync(code, actor, "merge", into, async (s, now) =>
        {
            var original = TrackingCode.Normalize(into);
            var agencies = actor.Agencies?.ToList();
            var exists = original is not null && await db.Submissions.AsNoTracking().AnyAsync(o => o.TrackingCode == original
                && o.Status != SubmissionStatus.Merged
                && (agencies == null || (o.AgencyCode != null && agencies.Contains(o.AgencyCode))), ct);
            if (!exists)
            {
                throw new WorkflowException("merge.original_not_found", "The original case was not found.");
            }

            s.MergeInto(original!, actor.Id, now);
        }, ct);

    public Task<bool> ReopenAsync(string code, CaseActor actor, string? reason, CancellationToken ct) =>
        RunAsync(code, actor, "reopen", reason, (s, now) =>
            s.Reopen(reason ?? "", deadlines.DeadlineFor(s.Kind, s.FieldCode, now), actor.Id, now), ct);

    /// <summary>Hand over to another agency (re-routed through its queue; its clock restarts).</summary>
    public Task<bool> TransferAsync(string code, CaseActor actor, string? toAgency, string? reason, CancellationToken ct) =>
        RunAsync(code, actor, "transfer", toAgency, (s, _) => transfers.StageAsync(s, toAgency, reason, actor.Id, ct), ct);

    /// <summary>Initiatives: score against four criteria (0–25 each, total 0–100) with notes.</summary>
    public Task<bool> EvaluateAsync(string code, CaseActor actor, EvaluationScores scores, string? notes, CancellationToken ct) =>
        RunAsync(code, actor, "evaluate", null, (s, now) =>
        {
            if (!scores.IsValid)
            {
                throw new WorkflowException("evaluate.criteria_range", "Each criterion is scored from 0 to 25.");
            }

            if (string.IsNullOrWhiteSpace(notes))
            {
                throw new WorkflowException("required.notes", "Notes are required.");
            }

            s.Evaluate(scores.Total, $"{scores.Describe()}\n{notes.Trim()}", actor.Id, now);
        }, ct);

    public Task<bool> DecideAsync(string code, CaseActor actor, bool accept, string? reasons, CancellationToken ct) =>
        RunAsync(code, actor, accept ? "accept" : "decline", null, (s, now) =>
        {
            if (accept)
            {
                s.AcceptForPilot(reasons ?? "", actor.Id, now);
            }
            else
            {
                s.DeclineAdoption(reasons ?? "", actor.Id, now);
            }

            NotifyAnswer(s, now);
        }, ct);

    public Task<bool> StartPilotAsync(string code, CaseActor actor, string? note, CancellationToken ct) =>
        RunAsync(code, actor, "pilot", null, (s, now) => s.StartPilot(note ?? "", actor.Id, now), ct);

    public Task<bool> ScaleUpAsync(string code, CaseActor actor, string? note, CancellationToken ct) =>
        RunAsync(code, actor, "scale_up", null, (s, now) => s.ScaleUp(note ?? "", actor.Id, now), ct);

    /// <summary>The submitter's answer through the signed link; the paused clock resumes.</summary>
    public async Task<bool> ReceiveInformationAsync(string code, string? token, string? information, CancellationToken ct)
    {
        var normalized = TrackingCode.Normalize(code);
        if (normalized is null || !TokenMatches(token, normalized))
        {
            return false;
        }

        var s = await db.Submissions.Include(x => x.Timeline).AsSplitQuery().FirstOrDefaultAsync(x => x.TrackingCode == normalized, ct);
        if (s is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var resumed = deadlines.Resume(s.ClockPausedAt ?? now, s.Deadline ?? now, now);
        s.ReceiveInformation(information ?? "", resumed, now);
        db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, "information_received", now));
        await SaveAsync(ct);
        return true;
    }

    private void NotifyAnswer(Submission s, DateTimeOffset now) =>
        db.OutboxMessages.Add(CaseNotifications.Queue(EmailTemplates.AnswerNotice, s, s.Submitter.Email, s.Language, now, BaseUrl,
            new Dictionary<string, string> { ["answer"] = s.Answer ?? "", ["rateUrl"] = ratingLinks.Url(BaseUrl, s) }));

    private Task<bool> RunAsync(string code, CaseActor actor, string action, string? details, Action<Submission, DateTimeOffset> change,
        CancellationToken ct) =>
        RunAsync(code, actor, action, details, (s, now) =>
        {
            change(s, now);
            return Task.CompletedTask;
        }, ct);

    /// <param name="onlyWhenChanged">A report that changes nothing (the same status again) saves, publishes and audits nothing.</param>
    private async Task<bool> RunAsync(string code, CaseActor actor, string action, string? details,
        Func<Submission, DateTimeOffset, Task> change, CancellationToken ct, bool onlyWhenChanged = false)
    {
        var s = await FindAsync(code, actor, ct);
        if (s is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var before = s.Timeline.Count;
        try
        {
            await change(s, now);
        }
        catch (WorkflowException)
        {
            // Nothing of a refused action may ride along with the next save (bulk actions reuse the context).
            db.ChangeTracker.Clear();
            throw;
        }

        if (onlyWhenChanged && s.Timeline.Count == before)
        {
            return true;
        }

        db.OutboxMessages.Add(RoutedMessageFactory.Changed(s, action, now));
        audit.Add("case." + action, s.TrackingCode, details);
        await SaveAsync(ct);
        return true;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new WorkflowException("concurrency", "Someone else changed the case meanwhile; reload and try again.");
        }
    }
}
