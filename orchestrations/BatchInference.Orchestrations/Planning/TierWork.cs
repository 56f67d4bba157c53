namespace BatchInference.Orchestrations.Planning;

/// <summary>An amount of work on one rate-limited bucket: lines and their estimated tokens.</summary>
internal readonly record struct TierWork(long Lines, long Input, long Output)
{
    public static TierWork Of(ModelWorkload model) => new(model.Lines, model.InputTokens, model.OutputTokens);

    public static TierWork operator +(TierWork a, TierWork b) => new(a.Lines + b.Lines, a.Input + b.Input, a.Output + b.Output);
}
