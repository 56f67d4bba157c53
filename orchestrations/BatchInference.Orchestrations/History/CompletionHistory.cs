namespace BatchInference.Orchestrations.History;

/// <summary>
/// The recorded history the planner and the ETA read, loaded once (<see cref="CompletionHistoryStore.LoadAsync"/>):
/// samples by provider name, model, tier and size bucket, and the settings and time to weigh them at. Pure: no I/O.
/// </summary>
public sealed class CompletionHistory
{
    private readonly IReadOnlyDictionary<(string Provider, string Model, string Tier, string Bucket), IReadOnlyList<CompletionSample>> _samples;

    /// <summary>Creates a snapshot.</summary>
    /// <param name="samples">Samples by provider name (as the catalog names it), model, tier and bucket.</param>
    /// <param name="now">The time figures are weighed at.</param>
    /// <param name="options">Minimum samples, window and half-life.</param>
    public CompletionHistory(
        IReadOnlyDictionary<(string Provider, string Model, string Tier, string Bucket), IReadOnlyList<CompletionSample>> samples,
        DateTimeOffset now, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        _samples = samples;
        Now = now;
        Options = options;
    }

    /// <summary>The time the figures are weighed at.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The settings the figures follow.</summary>
    public HistoryOptions Options { get; }

    /// <summary>What the history says about <paramref name="lines"/> lines of <paramref name="model"/> on a provider and tier.</summary>
    public LearnedFigures For(string provider, string model, string tier, long lines) =>
        _samples.TryGetValue((provider, model, tier, CompletionKey.BucketOf(lines)), out var samples)
            ? LearnedFigures.Of(samples, Now, Options)
            : LearnedFigures.None(Options.MinSamples);
}
