using FeedbackPortal.Domain.Agencies;
using FeedbackPortal.Domain.Routing;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Infrastructure.ReferenceData;

/// <summary>
/// Brings agencies, fields and Systems up to date with the embedded catalogue in every environment,
/// and seeds the first routing rules once. Later edits by coordinators (contacts, external flag,
/// rules) are kept.
/// </summary>
public static class ReferenceDataSeeder
{
    public static Task SeedAsync(PortalDbContext db, IReadOnlyCollection<string> externalAgencies, CancellationToken cancellationToken) =>
        SeedAsync(db, externalAgencies, new Dictionary<string, AgencyContact>(), cancellationToken);

    /// <param name="contacts">Configured addresses (Agencies:&lt;code&gt;:ContactEmail/HeadEmail); they win over edits.</param>
    public static async Task SeedAsync(PortalDbContext db, IReadOnlyCollection<string> externalAgencies,
        IReadOnlyDictionary<string, AgencyContact> contacts, CancellationToken cancellationToken)
    {
        var catalog = ReferenceCatalog.Load();
        var agencies = await db.Agencies.ToDictionaryAsync(a => a.Code, cancellationToken);
        foreach (var entry in catalog.Agencies)
        {
            if (!agencies.TryGetValue(entry.Code, out var agency))
            {
                agency = new Agency(entry.Code, entry.Type, entry.NameVi, entry.NameEn);
                db.Agencies.Add(agency);
                agencies[entry.Code] = agency;
            }
            else
            {
                agency.UpdateNames(entry.NameVi, entry.NameEn);
            }

            if (entry.Locality is { } locality)
            {
                agency.SetLocality(locality.Code, locality.NameVi, locality.NameEn, locality.MergedFrom);
            }

            if (externalAgencies.Contains(entry.Code))
            {
                agency.SetExternalConsumer(true);
            }
        }

        // Also for agencies coordinators added, which are not in the catalogue.
        foreach (var (code, contact) in contacts)
        {
            if (agencies.TryGetValue(code, out var agency))
            {
                agency.SetContacts(contact.ContactEmail ?? agency.ContactEmail, contact.HeadEmail ?? agency.HeadEmail);
            }
        }

        var fields = await db.Fields.ToDictionaryAsync(f => f.Code, cancellationToken);
        var order = 0;
        foreach (var entry in catalog.Fields)
        {
            if (!fields.TryGetValue(entry.Code, out var field))
            {
                field = new Field(entry.Code, entry.NameVi, entry.NameEn, entry.DefaultAgency, entry.Local);
                db.Fields.Add(field);
            }

            field.Update(entry.NameVi, entry.NameEn, entry.DefaultAgency, entry.Local, order++);
        }

        var systems = await db.Systems.ToDictionaryAsync(s => s.Code, cancellationToken);
        foreach (var entry in catalog.Systems)
        {
            if (!systems.TryGetValue(entry.Code, out var system))
            {
                db.Systems.Add(new StrategicSystem(entry.Code, entry.NameVi, entry.NameEn));
            }
            else
            {
                system.Update(entry.NameVi, entry.NameEn);
            }
        }

        if (!await db.RoutingRules.AnyAsync(cancellationToken))
        {
            db.RoutingRules.AddRange(InitialRules(catalog));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// From categories.json: each field goes to its default agency; a local field naming a province
    /// goes to that province's People's Committee (one criterion more, so it wins when it applies).
    /// </summary>
    public static IEnumerable<RoutingRule> InitialRules(ReferenceCatalog catalog)
    {
        foreach (var field in catalog.Fields)
        {
            yield return new RoutingRule(null, field.Code, null, field.DefaultAgency, false, 0,
                $"Field '{field.Code}' → {field.DefaultAgency}");
            if (field.Local)
            {
                yield return new RoutingRule(null, field.Code, null, null, true, 0,
                    $"Field '{field.Code}' with a province → that province's People's Committee");
            }
        }
    }
}
