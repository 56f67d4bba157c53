namespace BatchInference.Bench.History;

/// <summary>
/// One real-time job of the <c>learned-throughput</c> bench: how long it took and what the plans said it would take,
/// as durations. Estimates run from the moment the bench planned (just before submitting); actual times from the
/// job's <c>started_at</c>, written as the engine planned it.
/// </summary>
/// <param name="Number">1-based, in run order.</param>
/// <param name="Warmup">Whether it ran before the history held enough samples (its engine plan used the catalog).</param>
/// <param name="SamplesBefore">Throughput samples of its bucket in the history when it was planned.</param>
/// <param name="Finished">From start to <c>finished_at</c> (results merged and written).</param>
/// <param name="Answered">From start to the last answer in its ledger (what a real-time finish estimate predicts).</param>
/// <param name="Catalog">The planner's finish for the job's workloads without history: the catalog's rate limits.</param>
/// <param name="Learned">The planner's finish for the same workloads with the history the engine read (its plan).</param>
/// <param name="Engine">The finish in the engine's own <c>plan.json</c>, from <c>started_at</c> (a check of <paramref name="Learned"/>).</param>
/// <param name="Plan">The engine's plan.</param>
/// <param name="EtaBasis">What <c>summary.json</c>'s planned ETA says it rested on.</param>
internal sealed record LearnedThroughputJob(
    int Number, bool Warmup, int SamplesBefore, TimeSpan Finished, TimeSpan Answered, TimeSpan Catalog, TimeSpan Learned, TimeSpan Engine, EnginePlanFile Plan,
    string? EtaBasis)
{
    /// <summary>|catalog − finished| ÷ finished.</summary>
    public double CatalogError => Error(Catalog, Finished);

    /// <summary>|learned − finished| ÷ finished.</summary>
    public double LearnedError => Error(Learned, Finished);

    /// <summary>The learned estimate's error ÷ the catalog's: below 1 the learned estimate was closer.</summary>
    public double ErrorRatio => CatalogError == 0 ? double.NaN : LearnedError / CatalogError;

    /// <summary>Whether the two estimates differ enough (10 %) for a deadline between them to mean something.</summary>
    public bool EstimatesDiffer => Math.Abs((Learned - Catalog).TotalSeconds) > 0.1 * Catalog.TotalSeconds;

    /// <summary>A deadline midway between the two estimates: where the two plans disagree on feasibility.</summary>
    public TimeSpan MidDeadline => (Catalog + Learned) / 2;

    /// <summary>|estimate − actual| as a fraction of actual.</summary>
    public static double Error(TimeSpan estimate, TimeSpan actual) =>
        actual <= TimeSpan.Zero ? double.NaN : Math.Abs((estimate - actual).TotalSeconds) / actual.TotalSeconds;
}
