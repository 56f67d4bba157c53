namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>What became of a line; decides the file its record is merged into.</summary>
internal enum ResultKind
{
    /// <summary>Answered with a 2xx: <c>output.jsonl</c>.</summary>
    Succeeded,

    /// <summary>The provider refused it or it ran out of attempts: <c>errors.jsonl</c>.</summary>
    Failed,

    /// <summary>Never sent (bad input, unknown model, budget, cancel): <c>errors.jsonl</c>.</summary>
    Invalid,
}
