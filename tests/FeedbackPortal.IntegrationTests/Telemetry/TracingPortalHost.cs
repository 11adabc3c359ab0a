using System.Collections;
using System.Diagnostics;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FeedbackPortal.IntegrationTests.Telemetry;

/// <summary>
/// The embedded portal (Telemetry:Exporter left at None) with OpenTelemetry's in-memory exporter
/// added to the tracer provider the portal registers itself: the spans seen here are the ones an
/// OTLP collector would get.
/// </summary>
public sealed class TracingPortalHost : PortalHost
{
    public ExportedItemCollection<Activity> Spans { get; } = new();

    public ExportedItemCollection<Metric> Metrics { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s
            .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans))
            .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics)));
    }
}

/// <summary>What an exporter hands over, readable while the portal still adds more.</summary>
public sealed class ExportedItemCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public IReadOnlyList<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
