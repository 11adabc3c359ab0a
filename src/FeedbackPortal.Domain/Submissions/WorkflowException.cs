namespace FeedbackPortal.Domain.Submissions;

/// <summary>
/// A transition the case's current status does not allow. <see cref="Code"/> is a stable key the
/// web layer localises.
/// </summary>
public sealed class WorkflowException : InvalidOperationException
{
    public WorkflowException(string code, string message) : base(message)
    {
        Code = code;
    }

    public WorkflowException()
    {
        Code = "workflow";
    }

    public WorkflowException(string message) : base(message)
    {
        Code = "workflow";
    }

    public WorkflowException(string message, Exception innerException) : base(message, innerException)
    {
        Code = "workflow";
    }

    public string Code { get; }
}
