namespace BatchInference.Providers.Batches;

/// <summary>
/// The lifecycle of a provider batch, in OpenAI's words. Anthropic's <c>in_progress</c> / <c>canceling</c> / <c>ended</c>
/// map to <see cref="InProgress"/>, <see cref="Cancelling"/>, and <see cref="Completed"/> / <see cref="Cancelled"/> /
/// <see cref="Expired"/> by what its request counts say.
/// </summary>
public enum ProviderBatchStatus
{
    /// <summary>The input file is being validated.</summary>
    Validating,

    /// <summary>The input was refused; no request ran.</summary>
    Failed,

    /// <summary>Requests are running.</summary>
    InProgress,

    /// <summary>Every request ran; results are being prepared.</summary>
    Finalizing,

    /// <summary>Done; results are ready.</summary>
    Completed,

    /// <summary>The completion window passed; finished requests are in the results, the rest did not run.</summary>
    Expired,

    /// <summary>A cancel was asked for and is taking effect.</summary>
    Cancelling,

    /// <summary>Cancelled; finished requests are in the results, the rest did not run.</summary>
    Cancelled,
}
