namespace BatchInference.Orchestrations.Jobs;

/// <summary>A snapshot of a running job, reported as results are written.</summary>
/// <param name="JobId">The job.</param>
/// <param name="BytesRead">Input bytes read so far.</param>
/// <param name="TotalBytes">Size of the input.</param>
/// <param name="Done">Lines with a final result (success, failure or input error).</param>
/// <param name="Succeeded">Lines answered successfully.</param>
/// <param name="Failed">Lines the provider rejected or that ran out of attempts.</param>
/// <param name="Invalid">Input lines that could not run.</param>
/// <param name="PaidAttempts">Attempts the provider charged for.</param>
/// <param name="Attempts">Every attempt sent, paid or not (retries show as Attempts − Done).</param>
/// <param name="InputTokens">Input tokens so far.</param>
/// <param name="OutputTokens">Output tokens so far.</param>
/// <param name="EffectiveCost">Spend so far at the tiers used.</param>
public sealed record JobProgress(
    string JobId,
    long BytesRead,
    long TotalBytes,
    long Done,
    long Succeeded,
    long Failed,
    long Invalid,
    long PaidAttempts,
    long Attempts,
    long InputTokens,
    long OutputTokens,
    decimal EffectiveCost);
