namespace FeedbackPortal.Domain.Submissions;

/// <summary>The person or organisation behind a submission. Personal data: never public.</summary>
public sealed class Submitter
{
    private Submitter()
    {
        Name = string.Empty;
        Email = string.Empty;
    }

    public Submitter(string name, string email, string? phone, string? organizationName, string? taxCode)
    {
        Name = name;
        Email = email;
        Phone = phone;
        OrganizationName = organizationName;
        TaxCode = taxCode;
    }

    public string Name { get; private set; }
    public string Email { get; private set; }
    public string? Phone { get; private set; }
    public string? OrganizationName { get; private set; }
    public string? TaxCode { get; private set; }

    /// <summary>Retention erasure: the columns are required, so they become empty rather than null.</summary>
    internal void Erase()
    {
        Name = string.Empty;
        Email = string.Empty;
        Phone = null;
        OrganizationName = null;
        TaxCode = null;
    }
}
