using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Testing;

/// <summary>
/// A clock tests can move: real time plus an adjustable offset, so timers and waits keep working
/// while "now" jumps days ahead (Microsoft.Extensions.TimeProvider.Testing is not available here).
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _offset;

    public TestClock()
    {
    }

    /// <summary>Starts at <paramref name="start"/> and runs on from there.</summary>
    public TestClock(DateTimeOffset start)
    {
        _offset = start - System.GetUtcNow();
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return System.GetUtcNow() + _offset;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _offset += by;
        }
    }

    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_gate)
        {
            _offset = now - System.GetUtcNow();
        }
    }
}

/// <summary>The portal with a <see cref="TestClock"/> as its TimeProvider.</summary>
public class ClockedPortalHost : PortalHost
{
    public ClockedPortalHost() : this(new PortalHostOptions())
    {
    }

    public ClockedPortalHost(PortalHostOptions options) : this(options, new TestClock())
    {
    }

    public ClockedPortalHost(PortalHostOptions options, TestClock clock) : base(options)
    {
        Clock = clock;
    }

    public TestClock Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
