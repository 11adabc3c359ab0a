namespace FeedbackPortal.Infrastructure.Attachments;

/// <summary>Why a file is on a case; only <see cref="Answer"/> files are ever public.</summary>
public enum AttachmentPurpose
{
    /// <summary>Uploaded by the submitter: never public.</summary>
    Submission = 0,

    /// <summary>Part of the published answer: public once the case shows its answer.</summary>
    Answer = 1,

    /// <summary>Kept with an officer's answer that waits for the head's approval: internal until then.</summary>
    ProposedAnswer = 2,
}

/// <summary>
/// A file that came with a submission (or with the agency's answer). The bytes live outside the web root under a random name;
/// the row is written in the same transaction as the submission.
/// </summary>
public sealed class Attachment
{
    private Attachment()
    {
        FileName = ContentType = StoredName = Sha256 = string.Empty;
    }

    public Attachment(Guid submissionId, StagedAttachment staged, DateTimeOffset at, AttachmentPurpose purpose = AttachmentPurpose.Submission)
    {
        Purpose = purpose;
        ArgumentNullException.ThrowIfNull(staged);
        Id = Guid.CreateVersion7(at);
        SubmissionId = submissionId;
        FileName = staged.FileName;
        ContentType = staged.ContentType;
        Size = staged.Size;
        Sha256 = staged.Sha256;
        StoredName = staged.StoredName;
        UploadedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }

    /// <summary>The name the submitter gave it (cleaned); shown and used for downloads only.</summary>
    public string FileName { get; private set; }

    /// <summary>The type detected from the content, never the one the client claimed.</summary>
    public string ContentType { get; private set; }

    public long Size { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the bytes, for integrity checks and evidence.</summary>
    public string Sha256 { get; private set; }

    /// <summary>Random file name relative to the attachments directory.</summary>
    public string StoredName { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public AttachmentPurpose Purpose { get; private set; }

    /// <summary>The head approved the answer this file was proposed with: it becomes public with it.</summary>
    public void Publish()
    {
        if (Purpose == AttachmentPurpose.ProposedAnswer)
        {
            Purpose = AttachmentPurpose.Answer;
        }
    }
}
