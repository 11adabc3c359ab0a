using System.Security.Cryptography;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// Operator commands for backups and API keys, run through the web project with the same
/// configuration as the portal (appsettings, environment variables):
/// <c>dotnet run --project src/FeedbackPortal.Web -- backup data/backup.db</c>,
/// <c>-- api-key create --kind partner --name "Zalo mini app"</c>, <c>-- api-key revoke &lt;id&gt;</c>,
/// <c>-- api-key list</c>. Each returns a process exit code (0 = success).
/// </summary>
public static class OperatorCommands
{
    /// <summary>Online backup of the embedded SQLite database, consistent even while the portal writes.</summary>
    public static async Task<int> BackupAsync(IConfiguration configuration, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count < 2)
        {
            await error.WriteLineAsync("usage: backup <target file>");
            return 2;
        }

        var provider = DatabaseRegistration.Provider(configuration);
        if (provider != DatabaseProvider.Sqlite)
        {
            await error.WriteLineAsync("The backup command copies the embedded SQLite database. For PostgreSQL use: " +
                "pg_dump -Fc -f portal.dump \"$DATABASE\" (see docs/operations.md).");
            return 2;
        }

        var target = Path.GetFullPath(args[1]);
        if (File.Exists(target))
        {
            await error.WriteLineAsync($"{target} exists; refusing to overwrite a backup.");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var source = new SqliteConnectionStringBuilder(DatabaseRegistration.ConnectionString(configuration, provider)) { Mode = SqliteOpenMode.ReadOnly };
        await using (var from = new SqliteConnection(source.ConnectionString))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ConnectionString))
        {
            await from.OpenAsync();
            await to.OpenAsync();
            // SQLite's online backup API: page-by-page copy of a consistent snapshot, WAL included.
            from.BackupDatabase(to);
            // A self-contained single file (no -wal beside it), then verify what was written.
            await using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteNonQueryAsync();
            await using var check = to.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var result = (string?)await check.ExecuteScalarAsync();
            if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"Integrity check of the backup failed: {result}");
                return 1;
            }
        }

        await output.WriteLineAsync($"Backed up the database to {target} ({new FileInfo(target).Length} bytes). " +
            "Copy the attachments directory and the Data Protection keys alongside it.");
        return 0;
    }

    public static async Task<int> ApiKeyAsync(IConfiguration configuration, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var verb = args.Count > 1 ? args[1] : "";
        await using var provider = DatabaseServices(configuration);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        switch (verb)
        {
            case "create":
                return await CreateKeyAsync(db, Options(args.Skip(2)), output, error);
            case "revoke" when args.Count > 2 && Guid.TryParse(args[2], out var id):
                var revoked = await db.ApiClients.Where(c => c.Id == id && c.IsActive)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false));
                if (revoked == 0)
                {
                    await error.WriteLineAsync($"No active API key with id {id}.");
                    return 1;
                }

                await output.WriteLineAsync($"Revoked API key {id}; requests with it now get 401.");
                return 0;
            case "list":
                foreach (var c in await db.ApiClients.AsNoTracking().OrderBy(c => c.Name).ToListAsync())
                {
                    await output.WriteLineAsync($"{c.Id}\t{c.Kind}\t{c.AgencyCode ?? "-"}\t{(c.IsActive ? "active" : "revoked")}\t{c.Name}");
                }

                return 0;
            default:
                await error.WriteLineAsync("usage: api-key create --kind partner|agency [--agency <code>] --name <name>\n" +
                    "       api-key revoke <id>\n       api-key list");
                return 2;
        }
    }

    private static async Task<int> CreateKeyAsync(PortalDbContext db, Dictionary<string, string> options, TextWriter output, TextWriter error)
    {
        options.TryGetValue("kind", out var kindText);
        options.TryGetValue("name", out var name);
        options.TryGetValue("agency", out var agency);
        if (!Enum.TryParse<ApiClientKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || string.IsNullOrWhiteSpace(name))
        {
            await error.WriteLineAsync("usage: api-key create --kind partner|agency [--agency <code>] --name <name>");
            return 2;
        }

        if (kind == ApiClientKind.Agency && (agency is null || !await db.Agencies.AnyAsync(a => a.Code == agency)))
        {
            await error.WriteLineAsync($"An agency key needs --agency with a known agency code (got '{agency}').");
            return 2;
        }

        // 256 random bits, URL-safe; only the SHA-256 is stored, so this is the one time it is shown.
        var key = "fpk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var client = new ApiClient
        {
            Name = name.Trim(),
            Kind = kind,
            AgencyCode = kind == ApiClientKind.Agency ? agency : null,
            KeyHash = ApiClient.Hash(key),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"id:  {client.Id}");
        await output.WriteLineAsync($"key: {key}");
        await output.WriteLineAsync("Store the key now: only its hash is kept and it cannot be shown again.");
        return 0;
    }

    private static Dictionary<string, string> Options(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
                result[pending] = "";
            }
            else if (pending is not null)
            {
                result[pending] = result[pending].Length == 0 ? arg : result[pending] + " " + arg;
            }
        }

        return result;
    }

    /// <summary>Just the database (migrated, so a fresh install can create its first key).</summary>
    private static ServiceProvider DatabaseServices(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddPortalDatabase(configuration);
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.Migrate();
        return provider;
    }
}
