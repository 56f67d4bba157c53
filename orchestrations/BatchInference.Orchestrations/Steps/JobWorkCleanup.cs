using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// Deletes a finished job's work files: shard inputs, checkpoint parts and sent journals are copies of what is now
/// published; the <c>state.json</c> files stay for <c>bi status</c>. Runs after the job is terminal (the
/// <see cref="Durable.JobActivities.CleanUp"/> activity), so a large job's thousands of deletes do not hold back its
/// summary; run again it deletes what is left.
/// </summary>
internal sealed class JobWorkCleanup(EngineContext context)
{
    // Deletes in flight at once: storage-bound, like the merge's downloads (8 at a time).
    private const int WorkFileDeletes = 8;

    /// <summary>Deletes the work files of a terminal job (none of a job that is not, or when
    /// <see cref="EngineOptions.KeepWorkFiles"/>); returns how many it deleted.</summary>
    public async Task<int> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false);
        if (context.Options.KeepWorkFiles || job?.Value.Status.IsTerminal() != true)
        {
            return 0;
        }

        var names = new List<string>();
        await foreach (var item in context.Blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(jobId), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            if (!item.Name.EndsWith("/state.json", StringComparison.Ordinal))
            {
                names.Add(item.Name);
            }
        }

        // Several at a time: one by one, the ~24,000 work blobs of a 1M-line job took longer than the rest of its finish.
        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = WorkFileDeletes, CancellationToken = cancellationToken },
            async (name, token) => await context.Blobs.DeleteIfExistsAsync(StorageLayout.WorkContainer, name, cancellationToken: token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return names.Count;
    }
}
