using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
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
        switch (parsed)
        {
            case StartJob or RunShard:
                var shard = (parsed as RunShard)?.Shard;
                var what = shard is { } k ? $"shard {k}" : "splitting the input";
                var failed = await context.Jobs.UpdateAsync(
                    StorageLayout.JobState(parsed.JobId),
                    s => JobDecisions.Fail(s, $"The job stopped: {what} failed repeatedly ({reason}); see the worker logs.", shard, context.Now),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                if (failed is not null && JobDecisions.ShouldFinish(failed.Value))
                {
                    await context.SendAsync(new FinishJob(parsed.JobId), cancellationToken).ConfigureAwait(false);
                }

                break;
            case FinishJob finish:
                await FailUnfinishableAsync(finish.JobId, reason, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    // Merging and publishing keeps failing: publish a failed summary so the job ends visibly. The checkpoints stay in
    // work/<jobId>/ (nothing paid for is deleted).
    private async Task FailUnfinishableAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status.IsTerminal())
        {
            return;
        }

        var now = context.Now;
        var publisher = new JobPublisher(context.Blobs, jobId, context.Logger);
        var summary = await publisher.PublishSummaryAsync(
            new JobSummary
            {
                JobId = jobId,
                Status = JobSummaryStatus.Failed,
                FailureReason = $"Publishing the results failed repeatedly ({reason}); the checkpointed results are kept in work/{jobId}/shards/.",
                CreatedAt = job.Value.CreatedAt,
                StartedAt = job.Value.StartedAt,
                FinishedAt = now,
                Deadline = job.Value.Deadline ?? job.Value.CreatedAt,
                DeadlineMet = false,
                Source = job.Value.Source.ToString(),
            },
            cancellationToken).ConfigureAwait(false);
        await context.Jobs.UpdateAsync(StorageLayout.JobState(jobId), s => JobDecisions.Finished(s, summary, now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }
}
