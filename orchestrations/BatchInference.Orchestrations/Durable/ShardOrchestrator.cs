using BatchInference.Orchestrations.Engine;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// One shard on its tier (<see cref="EngineOrchestrations.Shard"/>), as a loop of small activities each of which says
/// what comes next (<see cref="ShardStep"/>): real-time slices until the shard is done; for a batch shard, submit, then
/// checks on durable timers until the batch is collected, then slices for what it left (the hedge). A busy lease waits on
/// a timer and tries again. <see cref="EngineOrchestrations.CancelEvent"/> wakes a wait early: the shard then runs no
/// new line, a batch out is cancelled and collected, and the shard ends stopped. At the end the shard is recorded in the
/// job; the job orchestration's fan-in, not this one, starts the finish.
/// </summary>
/// <remarks>
/// Deterministic, as orchestrator code must be: no I/O, the orchestration's clock, and only settings that do not change
/// while an instance runs. After <see cref="EngineOptions.ShardStepsPerExecution"/> activities it continues as new: the
/// shard's state blob, not the history, says where it is. Every await continues on the orchestration's own thread
/// (<c>ConfigureAwait(true)</c>), as the Durable Task scheduler requires.
/// </remarks>
internal sealed class ShardOrchestrator(EngineOptions options) : TaskOrchestrator<ShardOrchestrationInput, ShardOrchestrationResult>
{
    public override async Task<ShardOrchestrationResult> RunAsync(TaskOrchestrationContext context, ShardOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = options.ActivityRetries();
        using var stopWaiting = new CancellationTokenSource();
        var cancel = context.WaitForExternalEvent<string?>(EngineOrchestrations.CancelEvent, stopWaiting.Token);
        var activity = ShardActivities.Slice;
        for (var steps = 0; ; steps++)
        {
            if (steps >= options.ShardStepsPerExecution && !cancel.IsCompleted)
            {
                stopWaiting.Cancel(); // synchronously: the waiters belong to the orchestration's own thread
                context.ContinueAsNew(input, preserveUnprocessedEvents: true);
                return new ShardOrchestrationResult(input.Shard, false, null);
            }

            ShardStep step;
            try
            {
                step = await context.CallActivityAsync<ShardStep>(activity, new ShardStepInput(input.JobId, input.Shard, StopReason(cancel)), retry).ConfigureAwait(true);
            }
            catch (TaskFailedException failed)
            {
                var reason = $"The job stopped: shard {input.Shard} failed repeatedly ({failed.FailureDetails?.ErrorMessage ?? failed.Message}); see the worker logs.";
                await context.CallActivityAsync(ShardActivities.Record, new ShardRecordInput(input.JobId, input.Shard, reason), retry).ConfigureAwait(true);
                return new ShardOrchestrationResult(input.Shard, true, reason);
            }

            switch (step.Next)
            {
                case ShardNext.Done or ShardNext.Stopped:
                    await context.CallActivityAsync(ShardActivities.Record, new ShardRecordInput(input.JobId, input.Shard, null), retry).ConfigureAwait(true);
                    return new ShardOrchestrationResult(input.Shard, step.Next == ShardNext.Stopped, step.Reason);
                case ShardNext.Slice:
                    activity = ShardActivities.Slice;
                    break;
                case ShardNext.Submit:
                    activity = ShardActivities.SubmitBatch;
                    break;
                case ShardNext.Poll:
                    await WaitAsync(context, step.Delay, cancel).ConfigureAwait(true);
                    activity = ShardActivities.CheckBatch;
                    break;
                case ShardNext.Retry:
                    await WaitAsync(context, step.Delay, cancel).ConfigureAwait(true);
                    break;
            }
        }
    }

    /// <summary>The reason to stop once the cancel event came (its payload, if it has one).</summary>
    private static string? StopReason(Task<string?> cancel) =>
        !cancel.IsCompleted ? null
        : cancel.IsCompletedSuccessfully && !string.IsNullOrWhiteSpace(cancel.Result) ? cancel.Result
        : "the job was cancelled";

    // A durable timer that the cancel event ends early; the timer is then cancelled so the orchestration does not wait for it.
    private static async Task WaitAsync(TaskOrchestrationContext context, TimeSpan delay, Task<string?> cancel)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var stopTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime + delay, stopTimer.Token);
        if (cancel.IsCompleted)
        {
            await timer.ConfigureAwait(true);
            return;
        }

        if (await Task.WhenAny(timer, cancel).ConfigureAwait(true) != timer)
        {
            stopTimer.Cancel(); // synchronously, on the orchestration's thread
        }
    }
}
