using Npgsql;

namespace FeedbackPortal.Testing;

/// <summary>A throw-away database on the test PostgreSQL server, dropped at the end.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var name = "fp_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(AdminConnectionString()))
        {
            await OpenOrExplainAsync(admin);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await command.ExecuteNonQueryAsync();
        }

        // Opening a connection may take a while on a loaded machine (Npgsql's default is 15 s).
        var builder = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = name, Timeout = 60 };
        return new PostgresDatabase(name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await command.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString() =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres)
        {
            Database = "postgres",
            Pooling = false,
            // CREATE DATABASE copies a template and DROP ... WITH (FORCE) ends sessions: slow under load.
            Timeout = 60,
            CommandTimeout = (int)Patience.Request.TotalSeconds,
        }.ConnectionString;

    private static async Task OpenOrExplainAsync(NpgsqlConnection connection)
    {
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                "PostgreSQL is needed for this test and is not reachable. Run the tests with `bash tests/run-all.sh` " +
                $"(it installs and starts it) or set FP_TEST_POSTGRES. ({ex.Message})", ex);
        }
    }
}
