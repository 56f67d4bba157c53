using System.Text.Json;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.History;

/// <summary>
/// Keeps completion-time samples in the <c>work</c> container, one small JSON blob per <see cref="CompletionKey"/>
/// holding its newest <see cref="HistoryOptions.MaxSamples"/> samples. Every worker appends by conditional replace (a
/// lost race re-reads and re-adds), and planning reads one listing plus the blobs of the providers it plans on.
/// </summary>
public sealed class CompletionHistoryStore
{
    private readonly IBlobStore _blobs;
    private readonly HistoryOptions _options;
    private readonly StateStore<CompletionRecord> _records;

    /// <summary>Creates the store.</summary>
    /// <param name="blobs">The storage account.</param>
    /// <param name="options">How many samples are kept, and how they are weighed when loaded.</param>
    public CompletionHistoryStore(IBlobStore blobs, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs;
        _options = options;
        _records = new StateStore<CompletionRecord>(blobs, HistoryJsonContext.Default.CompletionRecord);
    }

    /// <summary>Adds <paramref name="sample"/> to <paramref name="key"/>'s history (once per sample id).</summary>
    /// <param name="key">What the sample is about.</param>
    /// <param name="sample">The run.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task RecordAsync(CompletionKey key, CompletionSample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(sample);
        while (true)
        {
            if (await _records.UpdateAsync(key.BlobName, r => r.With(sample, _options.MaxSamples), cancellationToken: cancellationToken)
                .ConfigureAwait(false) is not null)
            {
                return;
            }

            var first = new CompletionRecord { Key = key }.With(sample, _options.MaxSamples)!;
            if (await _records.TryCreateAsync(key.BlobName, first, cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The history of the given provider endpoints, keyed by provider name, weighed at <paramref name="now"/>. Blobs of
    /// other endpoints are not read; an unreadable blob counts as no history for its key.
    /// </summary>
    /// <param name="providers">Provider name → base URL (null when unknown), as the worker or the CLI has them configured.</param>
    /// <param name="now">The time figures are weighed at.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<CompletionHistory> LoadAsync(
        IReadOnlyDictionary<string, Uri?> providers, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var names = providers.ToDictionary(p => CompletionKey.ScopeOf(p.Key, p.Value), p => p.Key, StringComparer.Ordinal);
        var samples = new Dictionary<(string, string, string, string), IReadOnlyList<CompletionSample>>();
        foreach (var name in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var scope = name[CompletionKey.Prefix.Length..].Split('/')[0];
            if (!names.TryGetValue(scope, out var provider))
            {
                continue;
            }

            CompletionRecord? record;
            try
            {
                record = (await _records.ReadAsync(name, cancellationToken).ConfigureAwait(false))?.Value;
            }
            catch (JsonException)
            {
                continue; // a damaged history blob only means no learned figures for its key
            }

            if (record is not null)
            {
                samples[(provider, record.Key.Model, record.Key.Tier, record.Key.Bucket)] = record.Samples;
            }
        }

        return new CompletionHistory(samples, now, _options);
    }

    // The history blobs' names; none in an account the engine has not written to yet (no work container).
    private async Task<List<string>> ListAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var item in _blobs.ListAsync(StorageLayout.WorkContainer, CompletionKey.Prefix, cancellationToken: cancellationToken)
                .ConfigureAwait(false))
            {
                names.Add(item.Name);
            }
        }
        catch (BlobStorageException missing) when (missing.ErrorCode == BlobErrorCodes.ContainerNotFound)
        {
            return [];
        }

        return names;
    }
}
