namespace BatchInference.Providers.Batches;

/// <summary>A provider batch as the provider reported it.</summary>
/// <param name="Id">The provider's batch id.</param>
/// <param name="Status">Where it is in its lifecycle.</param>
/// <param name="Key">Our metadata on it; null when it is not ours.</param>
/// <param name="Total">Requests in the batch (0 while the provider is still validating).</param>
/// <param name="Completed">Requests answered so far.</param>
/// <param name="Failed">Requests that failed so far.</param>
/// <param name="CreatedAt">When the provider created it.</param>
/// <param name="ExpiresAt">When the provider gives up on it, when it says.</param>
/// <param name="OutputFileId">OpenAI: the output file; null for Anthropic or before the batch ends.</param>
/// <param name="ErrorFileId">OpenAI: the error file; null for Anthropic or before the batch ends.</param>
/// <param name="ResultsUrl">Anthropic: where the results are; null for OpenAI.</param>
public sealed record ProviderBatch(
    string Id,
    ProviderBatchStatus Status,
    BatchKey? Key,
    int Total,
    int Completed,
    int Failed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? OutputFileId = null,
    string? ErrorFileId = null,
    Uri? ResultsUrl = null)
{
    /// <summary>True when the batch will not change any more and its results can be read.</summary>
    public bool IsTerminal => Status is ProviderBatchStatus.Completed or ProviderBatchStatus.Failed
        or ProviderBatchStatus.Expired or ProviderBatchStatus.Cancelled;
}
