namespace BatchInference.Emulator.Batches;

/// <summary>How one batch request ended.</summary>
internal enum BatchLineOutcome
{
    /// <summary>Answered with 2xx: billed.</summary>
    Succeeded,

    /// <summary>Answered with an error status (e.g. a body the endpoint refuses): not billed.</summary>
    Failed,

    /// <summary>Never ran: the batch expired first.</summary>
    Expired,

    /// <summary>Never ran: the batch was cancelled first.</summary>
    Cancelled,
}
