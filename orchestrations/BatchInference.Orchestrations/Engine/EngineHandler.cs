using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.Steps;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Storage.Queues;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Engine;

/// <summary>Dispatches queue messages to the engine's steps, and turns a poison message into a failed job.</summary>
internal sealed class EngineHandler(EngineContext context) : IWorkHandler
{
    private readonly StartJobStep _start = new(context);
    private readonly RunShardStep _run = new(context);
    private readonly FinishJobStep _finish = new(context);
    private readonly CheckJobStep _check = new(context);
    private readonly CheckBatchStep _checkBatch = new(context);

    public async Task<WorkOutcome> HandleAsync(WorkQueueMessage message, CancellationToken cancellationToken)
    {
        var parsed = EngineMessageJson.TryParse(message.Body);
        using var span = EngineTelemetry.StartMessage(parsed, message.Id, message.DequeueCount);
        return span.Complete(await (parsed switch
        {
            StartJob start => _start.HandleAsync(start, cancellationToken),
            RunShard run => _run.HandleAsync(run, message.DequeueCount, cancellationToken),
            FinishJob finish => _finish.HandleAsync(finish, cancellationToken),
            CheckJob check => _check.HandleAsync(check, cancellationToken),
            CheckBatch checkBatch => _checkBatch.HandleAsync(checkBatch, cancellationToken),
            _ => throw new InvalidDataException($"Queue message {message.Id} is not an engine message."),
        }).ConfigureAwait(false));
    }

    public async Task OnPoisonAsync(WorkQueueMessage message, string reason, CancellationToken cancellationToken)
    {
        var parsed = EngineMessageJson.TryParse(message.Body);
        Log.PoisonMessage(context.Logger, message.Id, parsed?.GetType().Name ?? "unreadable", parsed?.JobId ?? "-", reason);
        var failure = new JobFailure(context);
        switch (parsed)
        {
            case StartJob or RunShard:
                var failed = await failure.FailAsync(parsed.JobId, (parsed as RunShard)?.Shard, reason, cancellationToken).ConfigureAwait(false);
                if (failed is not null && JobDecisions.ShouldFinish(failed))
                {
                    await context.SendAsync(new FinishJob(parsed.JobId), cancellationToken).ConfigureAwait(false);
                }

                break;
            case FinishJob finish:
                await failure.FailUnfinishableAsync(finish.JobId, reason, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
