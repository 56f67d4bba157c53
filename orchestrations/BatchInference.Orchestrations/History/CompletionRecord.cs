namespace BatchInference.Orchestrations.History;

/// <summary>The stored samples of one <see cref="CompletionKey"/>, newest last, at most <see cref="HistoryOptions.MaxSamples"/>.</summary>
internal sealed record CompletionRecord
{
    /// <summary>The key the samples belong to.</summary>
    public required CompletionKey Key { get; init; }

    /// <summary>The samples, oldest first.</summary>
    public IReadOnlyList<CompletionSample> Samples { get; init; } = [];

    /// <summary>
    /// This record with <paramref name="sample"/> added and only the newest <paramref name="max"/> kept; null (no change)
    /// when a sample with its id is there already, so a collection retried after a crash records nothing twice.
    /// </summary>
    public CompletionRecord? With(CompletionSample sample, int max)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (Samples.Any(s => s.Id == sample.Id))
        {
            return null;
        }

        var samples = Samples.Append(sample).OrderBy(s => s.At).ToList();
        return this with { Samples = samples.Count > max ? samples[^max..] : samples };
    }
}
