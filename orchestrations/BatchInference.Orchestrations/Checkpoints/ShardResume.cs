using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>Where a shard's checkpoints leave it: the next part number and every sequence that already has a result.</summary>
internal sealed record ShardResume(int NextPart, HashSet<long> Done)
{
    /// <summary>
    /// One listing of the shard's parts: each part's metadata names the sequences it holds (<see cref="PartSequences"/>),
    /// so only a part written without them is downloaded and read.
    /// </summary>
    public static async Task<ShardResume> LoadAsync(IBlobStore blobs, string jobId, int shard, CancellationToken cancellationToken)
    {
        var parts = await ShardCheckpointReader.ListPartsAsync(blobs, jobId, shard, cancellationToken).ConfigureAwait(false);
        var done = new HashSet<long>();
        var unlisted = new List<string>();
        foreach (var part in parts)
        {
            if (part.Sequences is { } sequences)
            {
                PartSequences.AddTo(sequences, done);
            }
            else
            {
                unlisted.Add(part.Name);
            }
        }

        await foreach (var record in ShardCheckpointReader.ReadRecordsAsync(blobs, unlisted, cancellationToken).ConfigureAwait(false))
        {
            done.Add(record.Sequence);
        }

        return new ShardResume(parts.Count == 0 ? 0 : parts[^1].Number + 1, done);
    }
}
