using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FeedbackPortal.Infrastructure.Persistence;

/// <summary>
/// A migration whose Up step is a provider-specific SQL script embedded next to it
/// (Scripts/&lt;migration id&gt;.sql). Scripts are generated from the model with the
/// <c>db-script</c> command and checked against the model by the schema-drift tests.
/// </summary>
public abstract class ScriptMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        var id = GetType().GetCustomAttribute<MigrationAttribute>()?.Id
            ?? throw new InvalidOperationException($"{GetType().Name} has no [Migration] attribute.");
        var name = $"Scripts.{id}.sql";
        using var stream = GetType().Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration script {name} not found.");
        using var reader = new StreamReader(stream);
        foreach (var statement in SplitStatements(reader.ReadToEnd()))
        {
            migrationBuilder.Sql(statement);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Roll forward with a new migration; restore a backup to go back.");

    /// <summary>Scripts separate statements with a line holding only "-- statement".</summary>
    internal static IEnumerable<string> SplitStatements(string script) =>
        script.Split("\n-- statement\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s.Length > 0);
}
