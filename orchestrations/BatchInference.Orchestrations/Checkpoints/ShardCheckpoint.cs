using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// Collects a running shard's results and writes them as numbered part blobs, each created once with
/// <c>If-None-Match: *</c>. A part is the unit of durability: what is in a part is never sent again, what is only
/// buffered here is lost in a crash (and re-sent on resume). Not thread-safe: the shard run serializes calls.
/// </summary>
internal sealed class ShardCheckpoint(IBlobStore blobs, string jobId, int shard, int nextPart)
{
    private readonly List<PartRecordInfo> _buffer = [];
    private ShardProgress _buffered = ShardProgress.Zero;
    private int _nextPart = nextPart;

    /// <summary>Records buffered since the last part.</summary>
    public int Buffered => _buffer.Count;

    /// <summary>Paid lines buffered since the last part (each holds an in-flight window slot until written).</summary>
    public int BufferedSent { get; private set; }

    /// <summary>Counters of everything written in parts by this run.</summary>
    public ShardProgress Written { get; private set; } = ShardProgress.Zero;

    public void Add(PartRecordInfo record, bool wasSent)
    {
        _buffer.Add(record);
        _buffered = _buffered.Add(record);
        if (wasSent)
        {
            BufferedSent++;
        }
    }

    /// <summary>Writes the buffered records as the next part; returns how many sent lines it made durable.</summary>
    /// <exception cref="InvalidOperationException">The part already exists: another runner works on this shard.</exception>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return 0;
        }

        var content = new MemoryStream(_buffer.Sum(r => r.Bytes.Length));
        foreach (var record in _buffer)
        {
            content.Write(record.Bytes);
        }

        content.Position = 0;
        var name = StorageLayout.ShardPart(jobId, shard, _nextPart);
        var metadata = _buffered.ToMetadata();
        if (PartSequences.Encode(_buffer.Select(r => r.Sequence)) is { } sequences)
        {
            metadata[PartSequences.MetadataName] = sequences;
        }

        var result = await blobs.UploadAsync(
            StorageLayout.WorkContainer, name, content,
            new BlobUploadOptions { ContentType = "application/jsonl", Metadata = metadata, Conditions = BlobConditions.IfNotExists },
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Checkpoint work/{name} already exists: another worker is running shard {shard} of {jobId}.");
        }

        _nextPart++;
        var sent = BufferedSent;
        Written = Written.Add(_buffered);
        _buffer.Clear();
        _buffered = ShardProgress.Zero;
        BufferedSent = 0;
        return sent;
    }
}
