using System.Net;
using System.Text.RegularExpressions;
using FeedbackPortal.Testing;
using FeedbackPortal.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace FeedbackPortal.IntegrationTests.Hosting;

/// <summary>The default embedded portal (PortalHost has two constructors, which xunit fixtures may not).</summary>
public sealed class EmbeddedPortalHost() : PortalHost(new PortalHostOptions());

public sealed partial class OperatorCommandTests(EmbeddedPortalHost host) : IClassFixture<EmbeddedPortalHost>
{
    /// <summary>The configuration an operator's command line sees for this portal (same data directory).</summary>
    private IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:DataDirectory"] = host.DataDirectory })
        .Build();

    [Fact]
    public async Task Backup_copies_the_live_sqlite_database_into_a_consistent_file()
    {
        using var client = host.CreateClient();
        var code = await client.SubmitAsync(PortalApi.Feedback());
        var target = Path.Combine(host.DataDirectory, "backups", "portal-backup.db");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await OperatorCommands.BackupAsync(Configuration, ["backup", target], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Backed up", output.ToString(), StringComparison.Ordinal);
        await using var backup = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await backup.OpenAsync();
        await using var command = backup.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM submissions WHERE \"TrackingCode\" = $code";
        command.Parameters.AddWithValue("$code", code);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);

        // A second run never overwrites an existing backup.
        Assert.Equal(1, await OperatorCommands.BackupAsync(Configuration, ["backup", target], new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task An_api_key_created_by_the_command_works_once_shown_and_stops_working_when_revoked()
    {
        var output = new StringWriter();
        var exit = await OperatorCommands.ApiKeyAsync(Configuration,
            ["api-key", "create", "--kind", "partner", "--name", "Ứng dụng đối tác", "thử nghiệm"], output, new StringWriter());
        Assert.Equal(0, exit);
        var id = IdLine().Match(output.ToString()).Groups[1].Value;
        var key = KeyLine().Match(output.ToString()).Groups[1].Value;
        Assert.StartsWith("fpk_", key, StringComparison.Ordinal);

        using var client = host.CreateClient();
        using (var accepted = await client.PostSubmissionAsync(PortalApi.Feedback(), key))
        {
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        var list = new StringWriter();
        await OperatorCommands.ApiKeyAsync(Configuration, ["api-key", "list"], list, new StringWriter());
        Assert.Contains($"{id}\tPartner\t-\tactive\tỨng dụng đối tác thử nghiệm", list.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await OperatorCommands.ApiKeyAsync(Configuration, ["api-key", "revoke", id], new StringWriter(), new StringWriter()));
        using var refused = await client.PostSubmissionAsync(PortalApi.Feedback(), key);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task An_agency_key_needs_a_known_agency()
    {
        var error = new StringWriter();
        var exit = await OperatorCommands.ApiKeyAsync(Configuration,
            ["api-key", "create", "--kind", "agency", "--agency", "khong-ton-tai", "--name", "Hệ thống"], new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("known agency code", error.ToString(), StringComparison.Ordinal);

        var output = new StringWriter();
        Assert.Equal(0, await OperatorCommands.ApiKeyAsync(Configuration,
            ["api-key", "create", "--kind", "agency", "--agency", "bo-khcn", "--name", "Hệ thống một cửa Bộ KH&CN"], output, new StringWriter()));
        var id = IdLine().Match(output.ToString()).Groups[1].Value;
        var list = new StringWriter();
        await OperatorCommands.ApiKeyAsync(Configuration, ["api-key", "list"], list, new StringWriter());
        Assert.Contains($"{id}\tAgency\tbo-khcn\tactive\t", list.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^id:\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex IdLine();

    [GeneratedRegex(@"^key:\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}
