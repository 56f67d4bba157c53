using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>Reads a shard's checkpoint parts back: to resume it (what is done, which part comes next) and to merge it.</summary>
internal static class ShardCheckpointReader
{
    private const int PartsAhead = 8;

    /// <summary>The shard's parts in part order, with their counters and the ranges of sequences they hold
    /// (<see cref="PartSequences"/>; null for a part written without them).</summary>
    public static async Task<IReadOnlyList<(string Name, int Number, ShardProgress Progress, string? Sequences)>> ListPartsAsync(
        IBlobStore blobs, string jobId, int shard, CancellationToken cancellationToken)
    {
        var parts = new List<(string, int, ShardProgress, string?)>();
        await foreach (var item in blobs.ListAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardPartsPrefix(jobId, shard), new BlobListOptions { IncludeMetadata = true }, cancellationToken)
            .ConfigureAwait(false))
        {
            if (StorageLayout.PartNumber(item.Name) is { } number)
            {
                parts.Add((item.Name, number, ShardProgress.FromMetadata(item.Metadata), item.Metadata?.GetValueOrDefault(PartSequences.MetadataName)));
            }
        }

        parts.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return parts;
    }

    /// <summary>
    /// Every record of the shard, in part order (not sequence order). Up to <see cref="PartsAhead"/> parts download at
    /// once: a shard has dozens of small parts, and reading them one by one made merging a large job slow.
    /// </summary>
    public static async IAsyncEnumerable<PartRecord> ReadRecordsAsync(
        IBlobStore blobs, string jobId, int shard,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parts = await ListPartsAsync(blobs, jobId, shard, cancellationToken).ConfigureAwait(false);
        await foreach (var record in ReadRecordsAsync(blobs, [.. parts.Select(p => p.Name)], cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>Every record of the named parts, in the order given.</summary>
    public static async IAsyncEnumerable<PartRecord> ReadRecordsAsync(
        IBlobStore blobs, IReadOnlyList<string> names,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (name, content) in blobs.DownloadContentsAsync(StorageLayout.WorkContainer, names, PartsAhead, cancellationToken)
            .ConfigureAwait(false))
        {
            var bytes = content?.Content.ToMemory() ?? throw new InvalidDataException($"Checkpoint work/{name} disappeared while it was read.");
            foreach (var record in Records(bytes))
            {
                yield return record;
            }
        }
    }

    private static IEnumerable<PartRecord> Records(ReadOnlyMemory<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var end = bytes.Span.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? ReadOnlyMemory<byte>.Empty : bytes[(end + 1)..];
            if (line.Length > 0)
            {
                yield return PartRecord.Parse(line);
            }
        }
    }
}
