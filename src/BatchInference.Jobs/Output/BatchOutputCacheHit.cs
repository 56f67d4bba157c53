namespace BatchInference.Jobs.Output;

/// <summary>
/// Marks an output line answered from the exact result cache: written as
/// <c>"bi_cache":{"hit":true,"source_job":"…","cached_at":"…"}</c> after the line's standard fields.
/// </summary>
/// <param name="SourceJob">The job whose provider call produced the stored answer.</param>
/// <param name="CachedAt">When the answer was stored.</param>
public sealed record BatchOutputCacheHit(string SourceJob, DateTimeOffset CachedAt);
