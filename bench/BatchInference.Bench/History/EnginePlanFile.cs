using System.Text.Json;
using BatchInference.Bench.Tiers;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Bench.History;

/// <summary>What the engine planned for a job, read from its <c>work/&lt;jobId&gt;/plan.json</c> (kept: the bench keeps work files).</summary>
/// <param name="EstimatedFinish">The plan's finish for the whole job (null when no provider could serve it).</param>
/// <param name="Feasible">Whether the plan met the deadline.</param>
/// <param name="Notes">The plan's notes, e.g. the learned-throughput note.</param>
/// <param name="Reasons">Each shard's reason, which names the rate its finish was worked out at.</param>
internal sealed record EnginePlanFile(DateTimeOffset? EstimatedFinish, bool Feasible, IReadOnlyList<string> Notes, IReadOnlyList<string> Reasons)
{
    /// <summary>The note naming a learned real-time rate, or null when the plan has none.</summary>
    public string? LearnedNote => Notes.FirstOrDefault(n => n.Contains("learned from", StringComparison.Ordinal));

    /// <summary>Whether a shard's finish was worked out at a learned rate (its reason says so), not at the rate limits.</summary>
    public bool PlannedAtLearnedRate => Reasons.Any(r => r.Contains("learned from", StringComparison.Ordinal));

    public static async Task<EnginePlanFile> ReadAsync(BenchStorage storage, string jobId, CancellationToken cancellationToken)
    {
        var blob = await storage.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.Plan(jobId), cancellationToken)
            ?? throw new InvalidOperationException($"Job {jobId} has no plan.json.");
        using var json = JsonDocument.Parse(blob.Content.ToMemory());
        var root = json.RootElement;
        var finish = root.GetProperty("estimated_finish") is { ValueKind: JsonValueKind.String } f ? f.GetDateTimeOffset() : (DateTimeOffset?)null;
        var notes = root.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? string.Empty).ToList();
        var reasons = root.GetProperty("shards").EnumerateArray().Select(r => r.GetProperty("reason").GetString() ?? string.Empty).ToList();
        return new EnginePlanFile(finish, root.GetProperty("feasible").GetBoolean(), notes, reasons);
    }
}
