using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>
/// The exact result cache in blob storage: entries under <c>work/cache/results/&lt;scope hash&gt;/&lt;key&gt;.json</c>.
/// The scope is part of the key and of the path, and checked again in the entry, so an answer is never served across
/// scopes even if two scopes' hashes met. Age is checked on read against the reader's TTL and clock.
/// </summary>
internal sealed class ResultCacheStore(IBlobStore blobs, TimeProvider time)
{
    /// <summary>The blob name of an entry in the work container.</summary>
    public static string BlobName(string scope, string key) => $"cache/results/{ResultCacheKey.ScopeFolder(scope)}/{key}.json";

    /// <summary>The entry for <paramref name="key"/> in <paramref name="scope"/> if it exists, is intact and is at most <paramref name="ttl"/> old.</summary>
    public async Task<ResultCacheEntry?> TryGetAsync(string scope, string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var content = await blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, BlobName(scope, key), cancellationToken).ConfigureAwait(false);
        if (content is null || ResultCacheEntry.Parse(content.Content.ToMemory()) is not { } entry)
        {
            return null;
        }

        var fresh = time.GetUtcNow() - entry.CachedAt <= ttl;
        return fresh && entry.Key == key && entry.Scope == scope ? entry : null;
    }

    /// <summary>Stores (or replaces) an entry: the newest answer for a key wins and restarts its age.</summary>
    public Task PutAsync(ResultCacheEntry entry, CancellationToken cancellationToken) =>
        blobs.UploadAsync(
            StorageLayout.WorkContainer, BlobName(entry.Scope, entry.Key), new BinaryData(entry.ToJson()),
            new BlobUploadOptions { ContentType = "application/json" }, cancellationToken);
}
