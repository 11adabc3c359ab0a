using System.Collections;
using System.Diagnostics;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace FeedbackPortal.IntegrationTests.Telemetry;

/// <summary>
/// The embedded portal (Telemetry:Exporter left at None) with OpenTelemetry's in-memory exporter
/// added to the tracer provider the portal registers itself: the spans seen here are the ones an
/// OTLP collector would get.
/// </summary>
public sealed class TracingPortalHost : PortalHost
{
    public FinishedSpanCollection Spans { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans)));
    }
}

/// <summary>Spans as the exporter hands them over, readable while consumers still add more.</summary>
public sealed class FinishedSpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
