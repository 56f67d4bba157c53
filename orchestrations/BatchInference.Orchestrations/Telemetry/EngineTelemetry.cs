using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Results;
using BatchInference.Providers.Telemetry;

namespace BatchInference.Orchestrations.Telemetry;

/// <summary>
/// The engine's spans and metrics: one consumer span per Durable activity (named after it), the <c>bi.cost</c> counter
/// and the job duration and deadline-slack histograms. Provider calls made while a shard slice runs become child spans
/// of its activity's span.
/// </summary>
internal static class EngineTelemetry
{
    internal const string OutcomeTag = "bi.outcome";
    internal const string LinesTag = "bi.lines";
    internal const string ShardsTag = "bi.shards";
    internal const string StatusTag = "bi.status";
    internal const string DeadlineMetTag = "bi.deadline_met";
    internal const string ProviderTag = "bi.provider";
    internal const string InstanceIdTag = "bi.instance_id";

    private static readonly ActivitySource Source = new(BatchInferenceTelemetry.Name);
    private static readonly Meter Meter = new(BatchInferenceTelemetry.Name);

    private static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "bi.cost", "USD", "Cost of paid attempts as their results are checkpointed, by model and tier.");

    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "bi.job.duration", "s", "From a job's submission to its summary, by final status.");

    private static readonly Histogram<double> DeadlineSlack = Meter.CreateHistogram<double>(
        "bi.job.deadline_slack", "s", "A job's deadline minus its finish time (negative: late), by final status.");

    /// <summary>Starts the span of one Durable activity, named after it; disposing it without <c>Complete()</c> marks it failed.</summary>
    /// <param name="name">The activity's name.</param>
    /// <param name="instanceId">The orchestration instance that scheduled it.</param>
    /// <param name="jobId">The job it works on, when its input names one.</param>
    /// <param name="shard">The shard it works on, if any.</param>
    public static ActivitySpan StartActivity(string name, string instanceId, string? jobId, int? shard)
    {
        if (!Source.HasListeners())
        {
            return new ActivitySpan(null);
        }

        var activity = Source.StartActivity(name, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(BatchInferenceTelemetry.JobIdTag, jobId);
            activity.SetTag(InstanceIdTag, instanceId);
            if (shard is { } k)
            {
                activity.SetTag(BatchInferenceTelemetry.ShardTag, k);
            }
        }

        return new ActivitySpan(activity);
    }

    /// <summary>Tags the current shard activity's span with the tier and provider the shard runs on.</summary>
    public static void ShardTier(string tier, string provider)
    {
        Activity.Current?.SetTag(BatchInferenceTelemetry.TierTag, tier);
        Activity.Current?.SetTag(ProviderTag, provider);
    }

    /// <summary>Tags the current prepare activity's span with what the split produced.</summary>
    public static void JobSplit(long lines, int shards)
    {
        Activity.Current?.SetTag(LinesTag, lines);
        Activity.Current?.SetTag(ShardsTag, shards);
    }

    /// <summary>Counts the cost of a checkpointed result and adds it to the shard's span.</summary>
    /// <param name="shardSpan">The shard activity's span; calls are serialized by the shard run's lock.</param>
    /// <param name="result">The line's result; only answered lines with paid attempts cost anything.</param>
    /// <param name="record">Its checkpoint record, which holds the priced cost.</param>
    public static void ResultRecorded(Activity? shardSpan, LineResult result, PartRecordInfo record)
    {
        if (result is not AnsweredLine answered || record.PaidAttempts == 0)
        {
            return;
        }

        var cost = (double)record.Cost;
        Cost.Add(cost, new("model", answered.Model), new("tier", answered.Tier), new("provider", answered.Provider));
        if (shardSpan is { IsAllDataRequested: true })
        {
            var sofar = shardSpan.GetTagItem(BatchInferenceTelemetry.CostTag) is double d ? d : 0;
            shardSpan.SetTag(BatchInferenceTelemetry.CostTag, sofar + cost);
        }
    }

    /// <summary>Records a finished job: its totals on the current finish activity's span, its duration and deadline slack.</summary>
    public static void JobFinished(JobSummary summary)
    {
        var finishedAt = summary.FinishedAt ?? summary.CreatedAt;
        var status = new KeyValuePair<string, object?>("status", StatusName(summary.Status));
        JobDuration.Record((finishedAt - summary.CreatedAt).TotalSeconds, status);
        DeadlineSlack.Record((summary.Deadline - finishedAt).TotalSeconds, status);
        if (Activity.Current is not { IsAllDataRequested: true } span || !span.Source.Name.Equals(BatchInferenceTelemetry.Name, StringComparison.Ordinal))
        {
            return;
        }

        span.SetTag(StatusTag, StatusName(summary.Status));
        span.SetTag(BatchInferenceTelemetry.CostTag, (double)summary.Cost.EffectiveUsd);
        span.SetTag("gen_ai.usage.input_tokens", summary.Tokens.Input);
        span.SetTag("gen_ai.usage.output_tokens", summary.Tokens.Output);
        span.SetTag(LinesTag, summary.Counts.Total);
        if (summary.DeadlineMet is { } met)
        {
            span.SetTag(DeadlineMetTag, met);
        }
    }

    // As summary.json spells it (completed_with_errors, not CompletedWithErrors).
    private static string StatusName(JobSummaryStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
