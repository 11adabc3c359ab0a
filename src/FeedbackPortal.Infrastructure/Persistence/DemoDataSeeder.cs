using FeedbackPortal.Infrastructure.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>Settings under "Seed": the demo data seeded in Development only.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public string PartnerApiKey { get; set; } = "demo-partner-key";
    public string AgencyApiKeyPrefix { get; set; } = "demo-agency-";
    public string CoordinatorEmail { get; set; } = "coordinator@feedback.local";
    public string AdminEmail { get; set; } = "admin@feedback.local";

    /// <summary>Officers are officer@&lt;agency code&gt;.&lt;domain&gt;, heads head@&lt;agency code&gt;.&lt;domain&gt;.</summary>
    public string StaffEmailDomain { get; set; } = "feedback.local";

    public string Password { get; set; } = "Demo@12345";

    public string OfficerEmail(string agencyCode) => $"officer@{agencyCode}.{StaffEmailDomain}";

    public string HeadEmail(string agencyCode) => $"head@{agencyCode}.{StaffEmailDomain}";

    public string AgencyContactEmail(string agencyCode) => $"contact@{agencyCode}.{StaffEmailDomain}";
}

/// <summary>Demo API keys and staff accounts for trying the portal; never runs outside Development.</summary>
public sealed class DemoDataSeeder(PortalDbContext db, IOptions<SeedOptions> options, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value;
        var now = clock.GetUtcNow();
        var agencies = await db.Agencies.AsNoTracking().Select(a => a.Code).ToListAsync(cancellationToken);

        var existingKeys = (await db.ApiClients.Select(c => c.KeyHash).ToListAsync(cancellationToken)).ToHashSet();
        void AddKey(string name, ApiClientKind kind, string? agency, string key)
        {
            var hash = ApiClient.Hash(key);
            if (existingKeys.Add(hash))
            {
                db.ApiClients.Add(new ApiClient { Name = name, Kind = kind, AgencyCode = agency, KeyHash = hash, CreatedAt = now });
            }
        }

        AddKey("Demo partner", ApiClientKind.Partner, null, seed.PartnerApiKey);
        foreach (var code in agencies)
        {
            AddKey($"Demo system of {code}", ApiClientKind.Agency, code, seed.AgencyApiKeyPrefix + code);
        }

        var roles = await db.Roles.ToDictionaryAsync(r => r.Name!, cancellationToken);
        foreach (var role in StaffRoles.All.Where(r => !roles.ContainsKey(r)))
        {
            var entity = new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(entity);
            roles[role] = entity;
        }

        var existingUsers = (await db.Users.Select(u => u.NormalizedEmail).ToListAsync(cancellationToken)).ToHashSet();
        // One hash for every demo account: hashing 100+ times would add seconds to each start.
        var hash = new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), seed.Password);
        void AddUser(string email, string displayName, string role, string? jobTitle, params string[] agencyCodes)
        {
            if (!existingUsers.Add(email.ToUpperInvariant()))
            {
                return;
            }

            var user = new StaffUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
                DisplayName = displayName,
                JobTitle = jobTitle,
                Unit = jobTitle is null ? null : "Văn phòng tiếp nhận phản ánh, kiến nghị",
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role].Id });
            foreach (var code in agencyCodes)
            {
                db.StaffAgencies.Add(new StaffAgency { UserId = user.Id, AgencyCode = code });
            }
        }

        AddUser(seed.CoordinatorEmail, "Điều phối viên", StaffRoles.Coordinator, null);
        AddUser(seed.AdminEmail, "Quản trị viên", StaffRoles.Admin, null);
        foreach (var code in agencies)
        {
            AddUser(seed.OfficerEmail(code), $"Cán bộ {code}", StaffRoles.Officer, "Chuyên viên", code);
            AddUser(seed.HeadEmail(code), $"Lãnh đạo {code}", StaffRoles.Head, "Chánh Văn phòng", code);
        }

        // Demo inbox addresses, so reminders and escalations have somewhere to go; configured ones stay.
        foreach (var agency in await db.Agencies.Where(a => a.ContactEmail == null || a.HeadEmail == null).ToListAsync(cancellationToken))
        {
            agency.SetContacts(agency.ContactEmail ?? seed.AgencyContactEmail(agency.Code), agency.HeadEmail ?? seed.HeadEmail(agency.Code));
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning(
            "Development demo data is seeded: partner API key '{PartnerKey}', agency API keys '{AgencyPrefix}<agency code>', " +
            "staff accounts {Coordinator}, {Officer}, {Head} (one per agency) with the password '{Password}'.",
            seed.PartnerApiKey, seed.AgencyApiKeyPrefix, seed.CoordinatorEmail, seed.OfficerEmail("<agency code>"),
            seed.HeadEmail("<agency code>"), seed.Password);
    }
}
