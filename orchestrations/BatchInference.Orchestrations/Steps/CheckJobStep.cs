using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary><c>CheckJob</c>: the job's watchdog timer (see <see cref="JobDecisions.Sweep"/>); re-arms itself until the job is over.</summary>
internal sealed class CheckJobStep(EngineContext context)
{
    public async Task<WorkOutcome> HandleAsync(CheckJob message, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(message.JobId), cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return WorkOutcome.Done;
        }

        var shards = new List<ShardObservation>();
        await foreach (var item in context.Blobs.ListAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(message.JobId), new BlobListOptions { IncludeMetadata = true }, cancellationToken)
            .ConfigureAwait(false))
        {
            if (item.Name.EndsWith("/state.json", StringComparison.Ordinal) && StorageLayout.ShardNumber(message.JobId, item.Name) is { } k
                && item.Metadata?.GetValueOrDefault("status") is { } status && Enum.TryParse<ShardStatus>(status, out var parsed))
            {
                var properties = await context.Blobs.GetPropertiesAsync(StorageLayout.WorkContainer, item.Name, cancellationToken).ConfigureAwait(false);
                DateTimeOffset? nextPoll = item.Metadata.GetValueOrDefault("next_poll") is { Length: > 0 } text
                    && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var due)
                        ? due
                        : null;
                shards.Add(new ShardObservation(k, parsed, properties?.LeaseState == BlobLeaseState.Leased, nextPoll));
            }
        }

        foreach (var next in JobDecisions.Sweep(job.Value, shards, context.Now, context.Options.CheckJobInterval))
        {
            if (next is CheckJob)
            {
                await context.SendLaterAsync(next, context.Options.CheckJobInterval, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Log.WatchdogResent(context.Logger, message.JobId, next.GetType().Name);
                await context.SendAsync(next, cancellationToken).ConfigureAwait(false);
            }
        }

        return WorkOutcome.Done;
    }
}
