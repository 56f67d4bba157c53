namespace BatchInference.Emulator.Batches;

/// <summary>
/// Where a batch is in its life, in OpenAI's words (https://platform.openai.com/docs/guides/batch, "Batch status").
/// Anthropic's <c>processing_status</c> folds these into <c>in_progress</c>, <c>canceling</c> and <c>ended</c>.
/// </summary>
internal enum BatchPhase
{
    /// <summary>The input is being checked; OpenAI only.</summary>
    Validating,

    /// <summary>The input was refused; nothing ran.</summary>
    Failed,

    /// <summary>Lines are being answered.</summary>
    InProgress,

    /// <summary>Every line ran; results are being prepared.</summary>
    Finalizing,

    /// <summary>Done; results are ready.</summary>
    Completed,

    /// <summary>The completion window passed; answered lines are kept, the rest never ran.</summary>
    Expired,

    /// <summary>A cancel was asked for; no new line starts.</summary>
    Cancelling,

    /// <summary>Cancelled; answered lines are kept, the rest never ran.</summary>
    Cancelled,
}
