using BatchInference.Jobs.Summary;
using System.Text.Json;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Eta;

/// <summary>
/// Gathers what <see cref="EtaEstimator"/> needs for a status read: progress comes with the report; only shards waiting
/// on a provider batch cost reads (their state, the completion history, and the plan for batches not submitted yet).
/// </summary>
internal sealed class JobEtaReader(EngineContext context)
{
    public async Task<JobEta> ReadAsync(JobState job, IReadOnlyList<ShardReport> shards, CancellationToken cancellationToken)
    {
        var now = context.Now;
        var inputs = new List<ShardEta>(shards.Count);
        CompletionHistory? history = null;
        IReadOnlyDictionary<int, DateTimeOffset>? planned = null;
        foreach (var shard in shards)
        {
            var finished = shard.Status is ShardStatus.Done or ShardStatus.Stopped;
            var lines = shard.Lines ?? 0;
            var waiting = !finished && (shard.Status == ShardStatus.Batched || (shard.Tier == Tiers.Batch && shard.Status == ShardStatus.Pending));
            if (!waiting || job.Status.IsTerminal())
            {
                inputs.Add(new ShardEta(lines, shard.Progress.Lines, finished, shard.Tier != Tiers.Batch));
                continue;
            }

            var state = (await context.Shards.ReadAsync(StorageLayout.ShardState(job.JobId, shard.Index), cancellationToken).ConfigureAwait(false))?.Value;
            (DateTimeOffset Due, string Basis) due;
            if (state?.Batch is { Model: { } model } batch && context.TierCatalog.TryGetOffer(batch.Provider, model, Tiers.Batch, out var offer))
            {
                history ??= await context.History.LoadAsync(context.ProviderUrls, now, cancellationToken).ConfigureAwait(false);
                var figures = history.For(batch.Provider, model, Tiers.Batch, batch.Lines);
                var catalog = offer.Completion ?? Ledger.Pricing.CompletionTimes.Window24Hours;
                due = figures.Learned
                    ? EtaEstimator.BatchDue(batch.SubmittingAt, figures.P50, figures.P95, state.LastSafeMoment, now, figures.Basis)
                    : EtaEstimator.BatchDue(batch.SubmittingAt, catalog.P50, catalog.P95, state.LastSafeMoment, now, "catalog assumption");
            }
            else
            {
                planned ??= await PlannedFinishesAsync(job.JobId, cancellationToken).ConfigureAwait(false);
                due = planned.TryGetValue(shard.Index, out var at) && at > now ? (at, "the plan's p95 (not submitted yet)")
                    : (job.Deadline ?? now, "the deadline (not submitted yet)");
            }

            inputs.Add(new ShardEta(lines, shard.Progress.Lines, finished, Realtime: false, due.Due, due.Basis));
        }

        // Until a real-time line is answered there is no rate of the job's own: the plan's finish for those shards is the
        // best guess (it used the learned throughput where there is one). Read only then.
        DateTimeOffset? plannedRealtime = null;
        var realtimeLeft = shards.Where((s, i) => inputs[i] is { Realtime: true, Finished: false }).Select(s => s.Index).ToList();
        if (!job.Status.IsTerminal() && realtimeLeft.Count > 0 && inputs.Where(i => i.Realtime).Sum(i => i.Done) == 0)
        {
            planned ??= await PlannedFinishesAsync(job.JobId, cancellationToken).ConfigureAwait(false);
            var finishes = realtimeLeft.Where(planned.ContainsKey).Select(i => planned[i]).ToList();
            plannedRealtime = finishes.Count == realtimeLeft.Count ? finishes.Max() : null;
        }

        return EtaEstimator.Estimate(job, inputs, now, plannedRealtime);
    }

    /// <summary>
    /// The finish <c>work/&lt;jobId&gt;/plan.json</c> estimated at split time and what it rested on (for
    /// <c>summary.json</c>); null when the job has no readable plan.
    /// </summary>
    public async Task<JobEta?> ReadPlannedAsync(string jobId, CancellationToken cancellationToken)
    {
        JobEta? eta = null;
        await ReadPlanAsync(jobId, root =>
        {
            var notes = root.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? string.Empty).ToList();
            var batches = Noted(notes, BatchNote);
            var rates = Noted(notes, ThroughputNote).Where(n => !n.EndsWith(Planning.ShardOptionEvaluator.LimitsBind, StringComparison.Ordinal)).ToList();
            var parts = new List<string>();
            if (batches.Count > 0)
            {
                parts.Add("batch completion on " + string.Join("; ", batches));
            }

            parts.Add(rates.Count > 0 ? "learned throughput of " + string.Join("; ", rates) : "real-time rate limits");
            eta = new JobEta(Finish(root), "the plan at split time (" + string.Join("; ", parts) + ")");
        }, cancellationToken).ConfigureAwait(false);
        return eta;
    }

    private const string BatchNote = "Batch completion on ";

    private const string ThroughputNote = "Throughput of ";

    private static List<string> Noted(List<string> notes, string prefix) =>
        notes.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..].TrimEnd('.')).ToList();

    // Each shard's estimated finish in the plan; none when the plan is missing or unreadable.
    private async Task<IReadOnlyDictionary<int, DateTimeOffset>> PlannedFinishesAsync(string jobId, CancellationToken cancellationToken)
    {
        var finishes = new Dictionary<int, DateTimeOffset>();
        await ReadPlanAsync(jobId, root =>
        {
            foreach (var shard in root.GetProperty("shards").EnumerateArray())
            {
                if (Finish(shard) is { } at)
                {
                    finishes[shard.GetProperty("shard").GetInt32()] = at;
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return finishes;
    }

    private static DateTimeOffset? Finish(JsonElement element) =>
        element.GetProperty("estimated_finish") is { ValueKind: JsonValueKind.String } at ? at.GetDateTimeOffset() : null;

    // Reads plan.json (PlanJson's format) into read; a missing or unreadable plan reads as nothing: the ETA falls back
    // to the deadline, and a summary goes without a planned estimate.
    private async Task ReadPlanAsync(string jobId, Action<JsonElement> read, CancellationToken cancellationToken)
    {
        var plan = await context.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.Plan(jobId), cancellationToken)
            .ConfigureAwait(false);
        if (plan is null)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(plan.Content.ToMemory());
            read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // as documented above: no plan
        }
    }
}
