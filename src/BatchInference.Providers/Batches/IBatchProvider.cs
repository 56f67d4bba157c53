namespace BatchInference.Providers.Batches;

/// <summary>
/// A provider's batch API (OpenAI Batch, Azure OpenAI Global Batch, Anthropic Message Batches): about half the
/// real-time price, answers within a completion window. Batches carry <see cref="BatchKey"/> as metadata so a worker
/// that crashed between "created" and "state saved" finds and adopts its batch instead of paying for a second one.
/// </summary>
public interface IBatchProvider
{
    /// <summary>The provider's name in the catalog and the ledger, e.g. <c>openai</c>, <c>azure-openai</c>, <c>anthropic</c>.</summary>
    string Name { get; }

    /// <summary>Most requests one batch may hold.</summary>
    int MaxLines { get; }

    /// <summary>Most bytes one batch input may hold (as the provider measures it).</summary>
    long MaxBytes { get; }

    /// <summary>Whether the provider's batch API serves this request URL (e.g. <c>/v1/chat/completions</c>).</summary>
    bool Supports(string url);

    /// <summary>
    /// The batch created earlier with exactly this key, or null when there is none. When several match (which only a
    /// bug could cause) the oldest is returned. Providers whose batches carry metadata (OpenAI, Azure OpenAI) match on
    /// it; Anthropic's carry none, so its provider matches a batch created at or after <paramref name="notBefore"/>
    /// holding exactly <paramref name="lines"/> requests, and only when exactly one matches.
    /// </summary>
    /// <param name="key">The key the batch was created with.</param>
    /// <param name="notBefore">When the engine recorded "submitting", just before it created the batch.</param>
    /// <param name="lines">How many requests the batch was created with.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    Task<ProviderBatch?> FindAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads the requests and creates one batch tagged with <paramref name="key"/>. Every line must use
    /// <paramref name="url"/>; bodies are sent byte for byte.
    /// </summary>
    /// <exception cref="BatchProviderException">The provider refused the file or the batch.</exception>
    Task<ProviderBatch> CreateAsync(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default);

    /// <summary>The batch as the provider sees it now.</summary>
    /// <exception cref="BatchProviderException">The provider does not know the batch, or refused.</exception>
    Task<ProviderBatch> GetAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>Asks the provider to cancel; lines already answered stay in its results.</summary>
    Task<ProviderBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every result line the provider has for a batch in a terminal state (completed, expired, cancelled, failed):
    /// answers and per-line errors. Lines that never ran may be absent or come back with
    /// <see cref="BatchResultLine.ErrorCode"/> <see cref="BatchErrorCodes.Expired"/> / <see cref="BatchErrorCodes.Cancelled"/>.
    /// </summary>
    IAsyncEnumerable<BatchResultLine> ReadResultsAsync(ProviderBatch batch, CancellationToken cancellationToken = default);
}
