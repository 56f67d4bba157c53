namespace BatchInference.Providers.Telemetry;

/// <summary>
/// Names of the pipeline's OpenTelemetry signals: subscribe to <see cref="Name"/> as an activity source and as a meter
/// (<c>AddSource(Name)</c>, <c>AddMeter(Name)</c>). Spans and metrics never carry prompts, responses or keys.
/// </summary>
public static class BatchInferenceTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "BatchInference";

    /// <summary>Span attribute: the job id, on every job, shard and provider-call span (the key to join traces across queue hops).</summary>
    public const string JobIdTag = "bi.job_id";

    /// <summary>Span attribute: the shard index, on shard and provider-call spans.</summary>
    public const string ShardTag = "bi.shard";

    /// <summary>Span attribute: the execution tier (<c>realtime</c>).</summary>
    public const string TierTag = "bi.tier";

    /// <summary>Span attribute: the cost in USD (double) of what the span paid for.</summary>
    public const string CostTag = "bi.cost_usd";

    /// <summary>The real-time tier's name in tags.</summary>
    public const string RealtimeTier = "realtime";
}
