using BatchInference.Orchestrations.State;
using BatchInference.Providers.Batches;

namespace BatchInference.Orchestrations.Decisions;

/// <summary>
/// The watcher of a shard's provider batch, as a pure function of (shard, what the provider reports, now): wait and
/// poll again, cancel (at the shard's last safe moment, or because the job is stopping), or collect the results of a
/// batch that ended. Polls back off from <c>Engine:BatchPollInterval</c> by half again each time up to
/// <c>Engine:BatchPollMaxInterval</c>, and never sleep past the last safe moment.
/// </summary>
internal static class BatchDecisions
{
    public static BatchAction Next(
        ShardState shard, ProviderBatch batch, bool jobStopping, DateTimeOffset now, TimeSpan pollInterval, TimeSpan maxPollInterval)
    {
        var current = shard.Batch ?? throw new InvalidOperationException($"Shard {shard.Index} has no batch to watch.");
        if (batch.IsTerminal)
        {
            return new CollectBatch();
        }

        var cancelling = current.CancelRequestedAt is not null || batch.Status == ProviderBatchStatus.Cancelling;
        if (!cancelling)
        {
            if (jobStopping)
            {
                return new CancelBatch("the job is stopping");
            }

            if (shard.LastSafeMoment is { } last && now >= last)
            {
                return new CancelBatch(
                    $"the batch was still {Describe(batch)} at the shard's last safe moment ({last:u}); its answered lines are kept and the rest ran in real time");
            }
        }

        if (cancelling)
        {
            // Cancelling is quick at the providers; poll at the base interval until it ends.
            return new WaitForBatch(pollInterval);
        }

        var backedOff = pollInterval * Math.Pow(1.5, Math.Min(current.Polls, 30));
        var delay = backedOff < maxPollInterval ? backedOff : maxPollInterval;
        if (shard.LastSafeMoment is { } safe && now + delay > safe)
        {
            delay = safe - now;
        }

        return new WaitForBatch(delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    /// <summary>The delay before the first poll of a batch just created, never past the shard's last safe moment.</summary>
    public static TimeSpan FirstPoll(ShardState shard, DateTimeOffset now, TimeSpan pollInterval) =>
        shard.LastSafeMoment is { } safe && now + pollInterval > safe
            ? (safe > now ? safe - now : TimeSpan.Zero)
            : pollInterval;

    private static string Describe(ProviderBatch batch) =>
        $"{batch.Status.ToString().ToLowerInvariant()} with {batch.Completed + batch.Failed} of {batch.Total} lines done";
}

/// <summary>What to do with a watched batch.</summary>
internal abstract record BatchAction;

/// <summary>Poll again after <paramref name="Delay"/>.</summary>
internal sealed record WaitForBatch(TimeSpan Delay) : BatchAction;

/// <summary>Ask the provider to cancel the batch.</summary>
internal sealed record CancelBatch(string Reason) : BatchAction;

/// <summary>The batch ended: collect its results; what it did not answer runs in real time.</summary>
internal sealed record CollectBatch : BatchAction;
