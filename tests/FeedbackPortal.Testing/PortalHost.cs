using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FeedbackPortal.Testing;

public sealed class PortalHostOptions
{
    /// <summary>PostgreSQL (a fresh database) instead of the embedded SQLite file.</summary>
    public bool Postgres { get; init; }

    /// <summary>RabbitMQ (a fresh virtual host) instead of the in-memory bus.</summary>
    public bool RabbitMq { get; init; }

    /// <summary>Serve over real Kestrel on a free port (for browsers); otherwise the in-process test server.</summary>
    public bool Kestrel { get; init; }

    public string Environment { get; init; } = "Development";

    public Dictionary<string, string?> Settings { get; init; } = [];
}

/// <summary>
/// The whole portal in a test: the real Program with its real pipeline, its own data directory,
/// and, when asked, its own PostgreSQL database and RabbitMQ virtual host.
/// </summary>
public class PortalHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly PortalHostOptions _options;

    public PortalHost() : this(new PortalHostOptions())
    {
    }

    protected PortalHost(PortalHostOptions options)
    {
        _options = options;
        DataDirectory = Path.Combine(Path.GetTempPath(), "fp-test-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string DataDirectory { get; }
    public PostgresDatabase? Database { get; private set; }
    public RabbitVirtualHost? Rabbit { get; private set; }

    /// <summary>The Kestrel address when <see cref="PortalHostOptions.Kestrel"/> is set.</summary>
    public Uri? ServerAddress { get; private set; }

    public PortalHostOptions Options => _options;

    /// <summary>A host with these options, for fixtures that compose a host rather than being one.</summary>
    public static PortalHost With(PortalHostOptions options) => new ConfiguredPortalHost(options);

    private sealed class ConfiguredPortalHost(PortalHostOptions options) : PortalHost(options);

    public virtual async Task InitializeAsync()
    {
        if (_options.Postgres)
        {
            Database = await PostgresDatabase.CreateAsync();
        }

        if (_options.RabbitMq)
        {
            Rabbit = await RabbitVirtualHost.CreateAsync();
        }

        if (_options.Kestrel)
        {
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            ServerAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
                .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }

        using var client = CreateClient();
        await Eventually.UntilAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            Patience.Startup, "the portal to be ready");
    }

    /// <summary>Clients wait as long as a loaded machine may need for one request (HttpClient's default is 100 s).</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.Timeout = Patience.Request;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_options.Environment);
        var settings = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = DataDirectory,
            ["Portal:PublicBaseUrl"] = "http://localhost",
            ["Captcha:Provider"] = "None",
        };
        if (Database is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Postgres"] = Database.ConnectionString;
        }

        if (Rabbit is not null)
        {
            settings["Messaging:Transport"] = "RabbitMq";
            settings["ConnectionStrings:RabbitMq"] = Rabbit.AmqpUri;
        }

        foreach (var (key, value) in _options.Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work) =>
        InScopeAsync(async sp =>
        {
            await work(sp);
            return true;
        });

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (Rabbit is not null)
        {
            await Rabbit.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the OS temp cleaner takes it.
        }
    }
}

/// <summary>The portal on PostgreSQL and RabbitMQ.</summary>
public sealed class ProductionEnginesPortalHost() : PortalHost(new PortalHostOptions { Postgres = true, RabbitMq = true });
