using BatchInference.Providers.Batches;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// The real batch API with test knobs: a worker that dies right after the provider created its batch (before the
/// engine saved the batch id), and a smaller line limit.
/// </summary>
internal sealed class CrashAfterCreate(IBatchProvider inner, Func<bool> crashNow, int? maxLines = null) : IBatchProvider
{
    public string Name => inner.Name;

    public int MaxLines => maxLines ?? inner.MaxLines;

    public long MaxBytes => inner.MaxBytes;

    public bool Supports(string url) => inner.Supports(url);

    public Task<ProviderBatch?> FindAsync(BatchKey key, DateTimeOffset notBefore, int lines, CancellationToken cancellationToken = default) =>
        inner.FindAsync(key, notBefore, lines, cancellationToken);

    public async Task<ProviderBatch> CreateAsync(BatchKey key, string url, IReadOnlyList<BatchInputLine> lines, CancellationToken cancellationToken = default)
    {
        var created = await inner.CreateAsync(key, url, lines, cancellationToken);
        return crashNow() ? throw new IOException("simulated crash after the batch was created") : created;
    }

    public Task<ProviderBatch> GetAsync(string batchId, CancellationToken cancellationToken = default) => inner.GetAsync(batchId, cancellationToken);

    public Task<ProviderBatch> CancelAsync(string batchId, CancellationToken cancellationToken = default) => inner.CancelAsync(batchId, cancellationToken);

    public IAsyncEnumerable<BatchResultLine> ReadResultsAsync(ProviderBatch batch, CancellationToken cancellationToken = default) =>
        inner.ReadResultsAsync(batch, cancellationToken);
}
