using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Results;

/// <summary>The final result of one input line, waiting to be written in input order.</summary>
internal abstract record LineResult(long Sequence, long LineNumber, string? CustomId);

/// <summary>A line that never reached a provider (bad input, unknown model, budget reached).</summary>
internal sealed record RejectedLine(long Sequence, long LineNumber, string? CustomId, string Code, string Message)
    : LineResult(Sequence, LineNumber, CustomId);

/// <summary>A line the provider answered (or that ran out of attempts), on the provider and tier that answered it.</summary>
internal sealed record AnsweredLine(long Sequence, long LineNumber, string Model, RealtimeOutcome Outcome, string Provider, string Tier)
    : LineResult(Sequence, LineNumber, Outcome.CustomId);

/// <summary>A line answered from the exact result cache at <paramref name="HitAt"/>: no provider call was made (always a request line, so its custom_id is set).</summary>
internal sealed record CachedLine(long Sequence, long LineNumber, string CustomId, string Model, ResultCache.ResultCacheEntry Entry, DateTimeOffset HitAt)
    : LineResult(Sequence, LineNumber, CustomId);
