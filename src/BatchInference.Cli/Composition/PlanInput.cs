using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Planning;

namespace BatchInference.Cli.Composition;

/// <summary>A local JSONL file as the planner sees it: the engine's own split, with nothing stored.</summary>
internal static class PlanInput
{
    /// <summary>
    /// Splits <paramref name="input"/> with the engine's shard limits (<c>Engine:*</c>) and estimates each shard's
    /// workload; each shard is read back from the sharder's spool file only to build its workload.
    /// </summary>
    public static async Task<(List<ShardWorkload> Workloads, long InvalidLines)> SplitAsync(
        FileInfo input, EngineOptions engine, CancellationToken cancellationToken = default)
    {
        var estimator = new WorkloadEstimator();
        var workloads = new List<ShardWorkload>();
        await using var stream = input.OpenRead();
        var result = await JobSharder.SplitAsync(
            stream,
            new JsonlReaderOptions { MaxLineBytes = engine.MaxLineBytes },
            new ShardLimits(engine.ShardMaxLines, engine.ShardMaxBytes, engine.ShardMaxOpenSpools),
            async (info, content, ct) =>
            {
                var builder = new ShardWorkloadBuilder(info.Index, estimator);
                await foreach (var line in ShardEnvelopeReader.ReadAsync(content, ct))
                {
                    if (line.Line is RequestLine request)
                    {
                        builder.Add(request);
                    }
                }

                workloads.Add(builder.Build());
            },
            engine.SpoolDirectory,
            cancellationToken);
        return (workloads, result.InvalidLines);
    }
}
