using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>StartJob</c>: creates the job if missing and prepares it (<see cref="JobPreparer"/>), then sends what that asks
/// for: one <c>RunShard</c> per unfinished shard and the first <c>CheckJob</c>, a <c>FinishJob</c>, or itself again
/// later. Redelivered after a crash it finds the job split already and sends the shards again (duplicates are
/// harmless; a lost shard is not).
/// </summary>
internal sealed class StartJobStep(EngineContext context)
{
    private readonly JobPreparer _preparer = new(context);

    public async Task<WorkOutcome> HandleAsync(StartJob message, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(message.JobId);
        var state = await context.Jobs.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? await CreateAsync(message, cancellationToken).ConfigureAwait(false);
        var next = await _preparer.PrepareAsync(state.Value, cancellationToken).ConfigureAwait(false);
        switch (next.Next)
        {
            case JobNext.Wait:
                return WorkOutcome.RunAgainAfter(next.RetryAfter);
            case JobNext.Finish:
                await context.SendAsync(new FinishJob(message.JobId), cancellationToken).ConfigureAwait(false);
                break;
            case JobNext.RunShards:
                foreach (var shard in next.Shards)
                {
                    await context.SendAsync(new RunShard(message.JobId, shard), cancellationToken).ConfigureAwait(false);
                }

                await context.SendLaterAsync(new CheckJob(message.JobId), context.Options.CheckJobInterval, cancellationToken).ConfigureAwait(false);
                break;
        }

        return WorkOutcome.Done;
    }

    private async Task<Versioned<JobState>> CreateAsync(StartJob message, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(message.JobId);
        var source = new JobSource(message.Container, message.Blob, message.ETag);
        return await context.Jobs.TryCreateAsync(name, JobDecisions.Submitted(message.JobId, source, context.Now), cancellationToken).ConfigureAwait(false)
            ?? await context.Jobs.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"work/{name} was created and is gone again.");
    }
}
