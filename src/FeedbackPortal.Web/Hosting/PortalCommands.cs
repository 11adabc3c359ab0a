using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Hosting;

/// <summary>
/// Operator commands run through the web project instead of serving:
/// <c>dotnet run --project src/FeedbackPortal.Web -- db-script Sqlite|Postgres</c>, <c>-- reindex</c>,
/// <c>... -- replay-errors [queue]</c> (messages of &lt;queue&gt;_error back to &lt;queue&gt;);
/// backup and api-key are in <see cref="OperatorCommands"/>.
/// </summary>
public static class PortalCommands
{
    public static async Task<bool> TryRunAsync(WebApplicationBuilder builder, string[] args)
    {
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case "db-script":
                await Console.Out.WriteAsync(CreateScript(args.Length > 1 ? args[1] : "Sqlite"));
                return true;
            case "replay-errors":
                Environment.ExitCode = await Features.Operations.ReplayErrorsCommand.RunAsync(builder.Configuration, args[1..], Console.Out, CancellationToken.None);
                return true;
            case "backup":
                Environment.ExitCode = await OperatorCommands.BackupAsync(builder.Configuration, args, Console.Out, Console.Error);
                return true;
            case "api-key":
                Environment.ExitCode = await OperatorCommands.ApiKeyAsync(builder.Configuration, args, Console.Out, Console.Error);
                return true;
            case "reindex":
                Environment.ExitCode = await ReindexCommand.RunAsync(builder, Console.Error);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The full schema as SQL for one provider; migrations embed it (see ScriptMigration).</summary>
    public static string CreateScript(string providerName)
    {
        var provider = Enum.Parse<DatabaseProvider>(providerName, ignoreCase: true);
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DatabaseRegistration.Configure(options, provider,
            provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=script");
        using var db = new PortalDbContext(options.Options);
        var script = db.Database.GenerateCreateScript();
        // One statement per chunk, separated by a marker line the migration splits on.
        var statements = script.Split(";" + Environment.NewLine, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0 && !s.StartsWith("COMMIT", StringComparison.Ordinal) && !s.StartsWith("BEGIN", StringComparison.Ordinal))
            .Select(s => s.TrimEnd(';') + ";");
        return string.Join("\n-- statement\n", statements).ReplaceLineEndings("\n") + "\n";
    }
}
