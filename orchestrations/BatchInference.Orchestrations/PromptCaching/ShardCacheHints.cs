using System.Text.Json;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Steps;

namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// Plans a shard's cache hints and records their counts in the work container, where the finisher adds them up for
/// summary.json. The plan is a pure function of the shard's input, so a re-run or a later slice writes the same counts.
/// </summary>
internal static class ShardCacheHints
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The shard's plan (its counts recorded), or null when the job did not ask for hints.</summary>
    public static async Task<CacheHintPlan?> PlanAsync(EngineContext context, JobState job, ShardState shard, IReadOnlyList<ShardLine>? lines, CancellationToken cancellationToken)
    {
        if (!job.CacheHints)
        {
            return null;
        }

        var plan = CacheHintPlan.For(lines ?? await BatchShardLines.ReadAsync(context, shard, cancellationToken).ConfigureAwait(false));
        await context.Blobs.UploadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardCacheHints(job.JobId, shard.Index),
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(plan.Counts, Json)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <summary>The counts of every shard of the job, or null when the job did not ask for hints.</summary>
    public static async Task<JobCacheHints?> TotalAsync(EngineContext context, JobState job, CancellationToken cancellationToken)
    {
        if (!job.CacheHints)
        {
            return null;
        }

        var total = new JobCacheHints();
        for (var shard = 0; shard < (job.ShardCount ?? 0); shard++)
        {
            var name = StorageLayout.ShardCacheHints(job.JobId, shard);
            if (await context.Blobs.GetPropertiesAsync(StorageLayout.WorkContainer, name, cancellationToken).ConfigureAwait(false) is null)
            {
                continue; // a shard that never ran (the job failed or was cancelled first) changed nothing
            }

            var download = await context.Blobs.DownloadAsync(StorageLayout.WorkContainer, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (download.ConfigureAwait(false))
            {
                var counts = await JsonSerializer.DeserializeAsync<JobCacheHints>(download.Content, Json, cancellationToken).ConfigureAwait(false);
                total = counts is null ? total : total.Plus(counts);
            }
        }

        return total;
    }
}
