using Microsoft.AspNetCore.Identity;

namespace FeedbackPortal.Infrastructure.Staff;

/// <summary>An agency officer, head, coordinator or administrator.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>"Rõ người" when the portal shows title and unit instead of names, e.g. "Chuyên viên".</summary>
    public string? JobTitle { get; set; }

    /// <summary>The officer's unit within the agency, e.g. "Vụ Pháp chế".</summary>
    public string? Unit { get; set; }
    public List<StaffAgency> Agencies { get; set; } = [];
}

/// <summary>Membership of a staff user in an agency; scoping of every staff query follows it.</summary>
public sealed class StaffAgency
{
    public string UserId { get; set; } = string.Empty;
    public string AgencyCode { get; set; } = string.Empty;
}

public static class StaffRoles
{
    public const string Officer = "Officer";
    public const string Head = "Head";
    public const string Coordinator = "Coordinator";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Officer, Head, Coordinator, Admin];
}
