using System.Runtime.CompilerServices;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Engine;

/// <summary>Reading jobs: state, status with progress, summary, the list.</summary>
public sealed partial class JobEngine
{
    /// <summary>The job's state, or null when there is no such job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The state.</returns>
    public async Task<JobState?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await _context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false))?.Value;

    /// <summary>The job's state and every shard's progress, from one listing of its work files; null when no such job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The report.</returns>
    public async Task<JobStatusReport?> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        var states = new SortedDictionary<int, IReadOnlyDictionary<string, string>>();
        var progress = new Dictionary<int, ShardProgress>();
        await foreach (var item in _context.Blobs.ListAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(jobId), new BlobListOptions { IncludeMetadata = true }, cancellationToken)
            .ConfigureAwait(false))
        {
            if (StorageLayout.ShardNumber(jobId, item.Name) is not { } k)
            {
                continue;
            }

            if (item.Name.EndsWith("/state.json", StringComparison.Ordinal))
            {
                states[k] = item.Metadata ?? new Dictionary<string, string>();
            }
            else if (StorageLayout.PartNumber(item.Name) is not null)
            {
                progress[k] = progress.GetValueOrDefault(k, ShardProgress.Zero).Add(ShardProgress.FromMetadata(item.Metadata));
            }
        }

        var shards = new List<ShardReport>(states.Count);
        foreach (var (k, metadata) in states)
        {
            var status = Enum.TryParse<ShardStatus>(metadata.GetValueOrDefault("status"), out var s) ? s : ShardStatus.Pending;
            var leased = false;
            if (status == ShardStatus.Running)
            {
                var properties = await _context.Blobs.GetPropertiesAsync(StorageLayout.WorkContainer, StorageLayout.ShardState(jobId, k), cancellationToken)
                    .ConfigureAwait(false);
                leased = properties?.LeaseState == BlobLeaseState.Leased;
            }

            shards.Add(new ShardReport(
                k, status, ParseLong(metadata.GetValueOrDefault("lines")), (int)(ParseLong(metadata.GetValueOrDefault("runs")) ?? 0), leased,
                progress.GetValueOrDefault(k, ShardProgress.Zero), metadata.GetValueOrDefault("tier")));
        }

        return new JobStatusReport(job, shards)
        {
            Orchestration = await _orchestrations.ProgressAsync(jobId, cancellationToken).ConfigureAwait(false),
            Notifications = job.Status.IsTerminal()
                ? Notifications.NotificationDelivery.From(await Notifications.NotificationLog.ReadAsync(_context.Blobs, jobId, cancellationToken).ConfigureAwait(false))
                : [],
            Eta = await new Eta.JobEtaReader(_context).ReadAsync(job, shards, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The published summary of a finished job, or null while it runs.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The summary.</returns>
    public Task<JobSummary?> GetSummaryAsync(string jobId, CancellationToken cancellationToken = default) =>
        new JobPublisher(_context.Blobs, jobId, _context.Logger).TryReadSummaryAsync(cancellationToken);

    /// <summary>Every job in the storage account, newest first is up to the caller (listing order is by id).</summary>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The jobs' states.</returns>
    public async IAsyncEnumerable<JobState> ListJobsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _context.Blobs.ListAsync(StorageLayout.WorkContainer, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (item.Name.EndsWith("/job.json", StringComparison.Ordinal) && item.Name.IndexOf('/', StringComparison.Ordinal) == item.Name.Length - 9)
            {
                var state = await _context.Jobs.ReadAsync(item.Name, cancellationToken).ConfigureAwait(false);
                if (state is not null)
                {
                    yield return state.Value;
                }
            }
        }
    }
}
