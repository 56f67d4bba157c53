using BatchInference.Jobs.Summary;
using System.Globalization;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Eta;

/// <summary>
/// Estimates when a running job finishes, as a pure function of (job, shards, now): real-time lines left at the rate
/// real-time lines were answered so far (before the first answer, the plan's estimate), and each open provider batch at
/// its expected completion. The estimate converges as the job runs: the rate is measured over more lines, and batches
/// come back.
/// </summary>
internal static class EtaEstimator
{
    /// <param name="job">The job.</param>
    /// <param name="shards">Its shards.</param>
    /// <param name="now">The time of the read.</param>
    /// <param name="plannedRealtimeFinish">
    /// The plan's finish for the real-time shards left (at learned rates where the history has them, else at the rate
    /// limits), used until a real-time line has been answered; null when there is no plan to go by.
    /// </param>
    public static JobEta Estimate(JobState job, IReadOnlyList<ShardEta> shards, DateTimeOffset now, DateTimeOffset? plannedRealtimeFinish = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(shards);
        if (job.Status.IsTerminal())
        {
            return new JobEta(job.FinishedAt, "finished");
        }

        if (job.StartedAt is not { } started || shards.Count == 0)
        {
            return new JobEta(job.Deadline, job.Deadline is null ? "not split yet" : "the deadline (the job is not split yet)");
        }

        var finish = now;
        var basis = new List<string>();
        var left = shards.Where(s => s.BatchDue is null && !s.Finished).Sum(s => Math.Max(0, s.Lines - s.Done));
        if (left > 0)
        {
            var answered = shards.Where(s => s.Realtime).Sum(s => s.Done);
            var elapsed = (now - started).TotalSeconds;
            if (answered > 0 && elapsed > 0)
            {
                var rate = answered / elapsed;
                finish = Later(finish, now + TimeSpan.FromSeconds(left / rate));
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"real time: {rate:0.##} lines/s so far, {left} lines left"));
            }
            else if (plannedRealtimeFinish is { } planned && planned > now)
            {
                finish = Later(finish, planned);
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"real time: no line answered yet, so the plan's estimate for {left} lines"));
            }
            else if (job.Deadline is { } deadline)
            {
                finish = Later(finish, deadline);
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"real time: no line answered yet, so the deadline for {left} lines"));
            }
        }

        var batches = shards.Where(s => s.BatchDue is not null && !s.Finished).ToList();
        foreach (var batch in batches)
        {
            finish = Later(finish, batch.BatchDue!.Value);
        }

        if (batches.Count > 0)
        {
            var how = string.Join(", ", batches.Select(b => b.BatchBasis).Distinct(StringComparer.Ordinal));
            basis.Add(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} provider batch shard(s): {how}"));
        }

        return new JobEta(finish, basis.Count == 0 ? "finishing" : string.Join("; ", basis));
    }

    /// <summary>
    /// When a batch submitted at <paramref name="submitted"/> is expected back: its p50 while that lies ahead, then its
    /// p95, then its last safe moment (when the hedge sends the rest to real time), then now.
    /// </summary>
    public static (DateTimeOffset Due, string Basis) BatchDue(
        DateTimeOffset submitted, TimeSpan p50, TimeSpan p95, DateTimeOffset? lastSafeMoment, DateTimeOffset now, string source) =>
        now < submitted + p50 ? (submitted + p50, $"p50 {source}")
        : now < submitted + p95 ? (submitted + p95, $"p95 {source}")
        : lastSafeMoment is { } last && now < last ? (last, "past its p95: its last safe moment")
        : (now, "overdue: being hedged or collected");

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
