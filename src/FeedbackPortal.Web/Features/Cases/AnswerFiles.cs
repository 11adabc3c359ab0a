using FeedbackPortal.Domain.Submissions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Cases;

/// <summary>
/// The file an answer may carry. Rows change inside <see cref="CaseActions"/>' transition (same
/// SaveChanges); bytes move or go only after that save, so a failed save leaves nothing behind.
/// </summary>
public sealed class AnswerFiles(PortalDbContext db, AttachmentStore files)
{
    /// <summary>
    /// Adds the staged file as part of the answer (or of the proposal waiting for approval). A new
    /// file or a new proposal replaces the files of an earlier unapproved proposal; a direct answer
    /// without a file (a head finishing the proposal) publishes them. Returns the replaced rows.
    /// </summary>
    public async Task<IReadOnlyList<Attachment>> AttachAsync(Submission s, StagedAttachment? file, bool proposal, DateTimeOffset now,
        CancellationToken ct)
    {
        var earlier = await ProposedAsync(s, ct);
        var replaced = file is not null || proposal ? earlier : [];
        foreach (var a in earlier)
        {
            if (replaced.Count > 0)
            {
                db.Attachments.Remove(a);
            }
            else
            {
                a.Publish();
            }
        }

        if (file is not null)
        {
            db.Attachments.Add(new Attachment(s.Id, file, now, proposal ? AttachmentPurpose.ProposedAnswer : AttachmentPurpose.Answer));
        }

        return replaced;
    }

    /// <summary>The head approved: files proposed with the answer become public with it.</summary>
    public async Task PublishProposedAsync(Submission s, CancellationToken ct)
    {
        foreach (var a in await ProposedAsync(s, ct))
        {
            a.Publish();
        }
    }

    /// <summary>After the save: the new file moves into place (or is discarded), replaced files are deleted.</summary>
    public void AfterSave(bool saved, StagedAttachment? file, IReadOnlyList<Attachment> replaced)
    {
        if (file is not null)
        {
            if (saved)
            {
                files.Commit([file]);
            }
            else
            {
                files.Discard([file]);
            }
        }

        if (saved)
        {
            foreach (var a in replaced)
            {
                files.Delete(a);
            }
        }
    }

    private Task<List<Attachment>> ProposedAsync(Submission s, CancellationToken ct) =>
        db.Attachments.Where(a => a.SubmissionId == s.Id && a.Purpose == AttachmentPurpose.ProposedAnswer).ToListAsync(ct);
}
