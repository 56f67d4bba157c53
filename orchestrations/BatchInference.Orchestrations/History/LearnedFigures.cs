using System.Globalization;

namespace BatchInference.Orchestrations.History;

/// <summary>
/// What the recent history of one key says: the decayed 50th and 95th percentiles of the runs' durations, the 50th and
/// 5th of their throughput, and from how many samples. <see cref="Learned"/> is false while the window holds fewer than
/// the minimum samples: then the catalog's assumptions apply.
/// </summary>
/// <param name="Samples">Samples inside the window.</param>
/// <param name="MinSamples">Samples needed before the figures count.</param>
/// <param name="P50">Median duration (decay-weighted).</param>
/// <param name="P95">95th-percentile duration (decay-weighted).</param>
/// <param name="LinesPerSecondP50">Median throughput (decay-weighted).</param>
/// <param name="LinesPerSecondP05">
/// 5th-percentile throughput (decay-weighted): a rate 95 % of recent runs reached, the throughput counterpart of
/// <paramref name="P95"/> that the planner judges deadlines by.
/// </param>
public sealed record LearnedFigures(int Samples, int MinSamples, TimeSpan P50, TimeSpan P95, double LinesPerSecondP50, double LinesPerSecondP05)
{
    /// <summary>No samples at all.</summary>
    public static LearnedFigures None(int minSamples) => new(0, minSamples, TimeSpan.Zero, TimeSpan.Zero, 0, 0);

    /// <summary>Whether there are enough samples to use the figures instead of the catalog's.</summary>
    public bool Learned => Samples >= MinSamples;

    /// <summary>Says where a figure comes from: "learned from N samples", or the catalog and how many samples there are.</summary>
    public string Basis => Learned
        ? string.Create(CultureInfo.InvariantCulture, $"learned from {Samples} sample{(Samples == 1 ? string.Empty : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"catalog assumption ({Samples} of {MinSamples} samples needed to learn)");

    /// <summary>
    /// The figures of <paramref name="samples"/> at <paramref name="now"/>: samples older than the window drop out, and
    /// inside it each weighs <c>0.5^(age / half-life)</c>, so recent runs count most.
    /// </summary>
    public static LearnedFigures Of(IEnumerable<CompletionSample> samples, DateTimeOffset now, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var recent = samples
            .Where(s => s.Seconds > 0 && now - s.At <= options.Window)
            .Select(s => (Sample: s, Weight: Math.Pow(0.5, Math.Max(0, (now - s.At) / options.HalfLife))))
            .ToList();
        if (recent.Count == 0)
        {
            return None(options.MinSamples);
        }

        var seconds = recent.Select(r => (r.Sample.Seconds, r.Weight)).ToList();
        var rates = recent.Select(r => (r.Sample.LinesPerSecond, r.Weight)).ToList();
        return new LearnedFigures(
            recent.Count, options.MinSamples,
            TimeSpan.FromSeconds(Quantile(seconds, 0.50)), TimeSpan.FromSeconds(Quantile(seconds, 0.95)),
            Quantile(rates, 0.50), Quantile(rates, 0.05));
    }

    // The smallest value whose cumulative weight reaches q of the total (a weighted empirical quantile).
    private static double Quantile(List<(double Value, double Weight)> values, double q)
    {
        values.Sort((a, b) => a.Value.CompareTo(b.Value));
        var total = values.Sum(v => v.Weight);
        var cumulative = 0.0;
        foreach (var (value, weight) in values)
        {
            cumulative += weight;
            if (cumulative >= q * total)
            {
                return value;
            }
        }

        return values[^1].Value;
    }
}
