using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Features.Operations;

public sealed record OutboxProblem(string MessageType, string? Destination, int Attempts, string? LastError, DateTimeOffset CreatedAt);

public sealed class OperationsPage
{
    public required MessagingTransport Transport { get; init; }
    public required QueueType QueueType { get; init; }
    public IReadOnlyList<ErrorQueueCount>? ErrorQueues { get; init; }
    public string? BrokerError { get; init; }
    public required int OutboxPending { get; init; }
    public DateTimeOffset? OldestPending { get; init; }
    public required IReadOnlyList<OutboxProblem> OutboxProblems { get; init; }
    public required int AgencyCount { get; init; }
    public required IReadOnlyList<string> ExternalAgencies { get; init; }
}

/// <summary>
/// What a coordinator needs to see that nothing is stuck: messages in error queues (with a replay
/// button, same as the replay-errors command), the outbox backlog (grows while the broker is down),
/// and which agencies consume their queue with their own system.
/// </summary>
[Route("staff/operations")]
[Authorize(Policy = Policies.Coordinator)]
public sealed class OperationsController(PortalDbContext db, IConfiguration configuration, IStringLocalizer<OperationsText> text,
    ILogger<OperationsController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var settings = MessagingSettings.From(configuration);
        IReadOnlyList<ErrorQueueCount>? errorQueues = null;
        string? brokerError = null;
        if (settings.Transport == MessagingTransport.RabbitMq)
        {
            try
            {
                var queues = await ReplayErrorsCommand.AllQueuesAsync(db, ct);
                errorQueues = await new ErrorQueueReplayer(settings.RabbitUri!).CountAsync(queues, ct);
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException
                                           or RabbitMQ.Client.Exceptions.OperationInterruptedException or TimeoutException)
            {
                logger.LogWarning(ex, "RabbitMQ is not reachable for the operations page.");
                brokerError = ex.Message;
            }
        }

        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null);
        var problems = await pending.Where(m => m.Attempts > 0).OrderBy(m => m.Id).Take(20)
            .Select(m => new OutboxProblem(m.MessageType, m.Destination, m.Attempts, m.LastError, m.CreatedAt)).ToListAsync(ct);
        var oldest = await pending.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return View("~/Features/Operations/Index.cshtml", new OperationsPage
        {
            Transport = settings.Transport,
            QueueType = settings.QueueType,
            ErrorQueues = errorQueues,
            BrokerError = brokerError,
            OutboxPending = await pending.CountAsync(ct),
            OldestPending = oldest,
            OutboxProblems = problems,
            AgencyCount = await db.Agencies.CountAsync(ct),
            ExternalAgencies = await db.Agencies.AsNoTracking().Where(a => a.ExternalConsumer).OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct),
        });
    }

    [HttpPost("replay")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Replay([FromForm] string queue, CancellationToken ct)
    {
        var settings = MessagingSettings.From(configuration);
        var known = await ReplayErrorsCommand.AllQueuesAsync(db, ct);
        if (settings.Transport != MessagingTransport.RabbitMq || !known.Contains(queue))
        {
            return NotFound();
        }

        var moved = await new ErrorQueueReplayer(settings.RabbitUri!).ReplayAsync(queue, ct);
        logger.LogInformation("{Queue}: {Moved} message(s) replayed from its error queue by a coordinator.", queue, moved);
        TempData["Flash"] = text["Replayed", moved, queue].Value;
        return Redirect("/staff/operations");
    }
}
