using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.State;

/// <summary>
/// Reads and writes one kind of state blob in the <c>work</c> container. Writes are conditional: create with
/// <c>If-None-Match: *</c>, replace with <c>If-Match</c> the ETag that was read. A lost race is a null result, and
/// <see cref="UpdateAsync"/> turns it into "re-read, re-decide".
/// </summary>
/// <typeparam name="T">The state type.</typeparam>
internal sealed class StateStore<T>(IBlobStore blobs, JsonTypeInfo<T> typeInfo, Func<T, IReadOnlyDictionary<string, string>>? metadata = null)
    where T : class
{
    private static readonly BlobUploadOptions Json = new() { ContentType = "application/json" };

    // Metadata mirrors a few fields so a listing shows every shard's status without reading each blob.
    private BlobUploadOptions Options(BlobConditions conditions, T value) => Json with { Conditions = conditions, Metadata = metadata?.Invoke(value) };

    public async Task<Versioned<T>?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var blob = await blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, name, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return null;
        }

        var value = JsonSerializer.Deserialize(blob.Content.ToMemory().Span, typeInfo)
            ?? throw new InvalidDataException($"work/{name} holds null instead of a state.");
        return new Versioned<T>(value, blob.Properties.ETag);
    }

    /// <summary>Creates the blob; null when it already exists.</summary>
    public async Task<Versioned<T>?> TryCreateAsync(string name, T value, CancellationToken cancellationToken)
    {
        var result = await blobs.UploadAsync(
            StorageLayout.WorkContainer, name, Serialize(value), Options(BlobConditions.IfNotExists, value), cancellationToken)
            .ConfigureAwait(false);
        return result.Succeeded ? new Versioned<T>(value, result.ETag!.Value) : null;
    }

    /// <summary>Replaces <paramref name="current"/> with <paramref name="next"/>; null when the blob changed since it was read.</summary>
    public async Task<Versioned<T>?> TryReplaceAsync(
        string name, Versioned<T> current, T next, string? leaseId, CancellationToken cancellationToken)
    {
        var result = await blobs.UploadAsync(
            StorageLayout.WorkContainer, name, Serialize(next),
            Options(new BlobConditions(IfMatch: current.ETag, LeaseId: leaseId), next), cancellationToken)
            .ConfigureAwait(false);
        if (result.Succeeded)
        {
            return new Versioned<T>(next, result.ETag!.Value);
        }

        // Only a changed ETag is a lost race to re-decide; a lease we do not hold will not go away by retrying.
        return result.ErrorCode is null or BlobErrorCodes.ConditionNotMet
            ? null
            : throw new InvalidOperationException($"work/{name} cannot be written: {result.ErrorCode} (the lease guarding it was lost or is held by another worker).");
    }

    /// <summary>
    /// Applies <paramref name="decide"/> to the current state until the write wins: on a lost race the state is read
    /// again and decided again. <paramref name="decide"/> returns null for "no change". Returns the state in storage
    /// afterwards, or null when the blob does not exist.
    /// </summary>
    public async Task<Versioned<T>?> UpdateAsync(
        string name, Func<T, T?> decide, string? leaseId = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var current = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var next = decide(current.Value);
            if (next is null)
            {
                return current;
            }

            var written = await TryReplaceAsync(name, current, next, leaseId, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                return written;
            }
        }
    }

    private BinaryData Serialize(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
}
