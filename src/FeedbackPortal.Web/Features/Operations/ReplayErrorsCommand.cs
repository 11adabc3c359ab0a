using System.Data.Common;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.ReferenceData;
using RabbitMQ.Client.Exceptions;
using FeedbackPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FeedbackPortal.Web.Features.Operations;

/// <summary>
/// <c>dotnet run --project src/FeedbackPortal.Web -- replay-errors [queue]</c>: moves the messages of
/// <c>&lt;queue&gt;_error</c> back to <c>&lt;queue&gt;</c>; without a queue, of every portal and agency queue.
/// </summary>
public static class ReplayErrorsCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration, string[] args, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var settings = MessagingSettings.From(configuration);
        if (settings.Transport != MessagingTransport.RabbitMq)
        {
            await output.WriteLineAsync("Messaging:Transport is InMemory: its error queues live inside the running process and cannot be replayed from outside. Nothing to do.");
            return 0;
        }

        IReadOnlyList<string> queues;
        if (args.Length > 0)
        {
            queues = [args[0]];
        }
        else
        {
            try
            {
                queues = await AllQueuesAsync(configuration, ct);
            }
            catch (DbException ex)
            {
                // No database here (e.g. run from an operator's machine): the seeded agencies still name most queues.
                await output.WriteLineAsync($"The agency registry could not be read ({ex.Message}); using the built-in agency list.");
                queues = [.. Topology.PortalQueues, .. ReferenceCatalog.Load().Agencies.Select(a => Topology.AgencyQueue(a.Code))];
            }
        }

        var replayer = new ErrorQueueReplayer(settings.RabbitUri!);
        var total = 0;
        try
        {
            foreach (var queue in queues)
            {
                var moved = await replayer.ReplayAsync(queue, ct);
                if (moved > 0 || args.Length > 0)
                {
                    await output.WriteLineAsync($"{Topology.ErrorQueue(queue)} → {queue}: {moved} message(s) replayed.");
                }

                total += moved;
            }
        }
        catch (BrokerUnreachableException ex)
        {
            await output.WriteLineAsync($"RabbitMQ is not reachable at {settings.RabbitUri!.Host}:{settings.RabbitUri.Port}: {ex.Message}");
            return 1;
        }

        await output.WriteLineAsync($"Replayed {total} message(s).");
        return 0;
    }

    /// <summary>The portal's queues and one per agency of the registry.</summary>
    public static async Task<IReadOnlyList<string>> AllQueuesAsync(IConfiguration configuration, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalDatabase(configuration);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        return await AllQueuesAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), ct);
    }

    public static async Task<IReadOnlyList<string>> AllQueuesAsync(PortalDbContext db, CancellationToken ct)
    {
        var agencies = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct);
        return [.. Topology.PortalQueues, .. agencies.Select(Topology.AgencyQueue)];
    }
}
