namespace BatchInference.Orchestrations.History;

/// <summary>One observed run: a provider batch from submit to done, or a real-time shard from start to finish.</summary>
/// <param name="Id">What ran (a provider batch id, or job and shard), so recording the same run twice keeps one sample.</param>
/// <param name="At">When it ended.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Lines">Lines it ran.</param>
/// <param name="Censored">
/// It did not finish on its own: a batch cancelled at its last safe moment. <see cref="Seconds"/> is then only a lower
/// bound; it still counts, so batches that are cut short do not make the history look faster than it is.
/// </param>
public sealed record CompletionSample(string Id, DateTimeOffset At, double Seconds, long Lines, bool Censored = false)
{
    /// <summary>Lines per second.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double LinesPerSecond => Seconds <= 0 ? 0 : Lines / Seconds;
}
