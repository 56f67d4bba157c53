using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Messages;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>RunShard</c>: one <see cref="ShardPass"/> over the whole shard, its result turned into messages: a batch out gets
/// its <c>CheckBatch</c> timer, a busy lease a later copy of this message, and a finished shard is recorded in the job,
/// the worker that records the last shard sending <c>FinishJob</c>.
/// </summary>
internal sealed class RunShardStep(EngineContext context)
{
    private readonly ShardPass _pass = new(context);

    /// <param name="message">The message.</param>
    /// <param name="deliveries">How many times the queue has delivered it (1 the first time).</param>
    /// <param name="cancellationToken">Stops the run; what is checkpointed stays.</param>
    public async Task<WorkOutcome> HandleAsync(RunShard message, int deliveries, CancellationToken cancellationToken)
    {
        var step = await _pass.RunAsync(message.JobId, message.Shard, new ShardPassRequest(Deliveries: deliveries), cancellationToken).ConfigureAwait(false);
        switch (step.Next)
        {
            case ShardNext.Retry:
                return WorkOutcome.RunAgainAfter(step.Delay);
            case ShardNext.Poll:
                await context.SendLaterAsync(new CheckBatch(message.JobId, message.Shard), step.Delay, cancellationToken).ConfigureAwait(false);
                return WorkOutcome.Done;
            case ShardNext.Slice or ShardNext.Submit:
                throw new InvalidOperationException($"A whole-shard pass of job {message.JobId} shard {message.Shard} ended with {step.Next}.");
        }

        var recorded = await ShardRecord.FinishedAsync(context, message.JobId, message.Shard, failure: null, cancellationToken).ConfigureAwait(false);
        if (recorded is not null && JobDecisions.ShouldFinish(recorded))
        {
            await context.SendAsync(new FinishJob(message.JobId), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}
