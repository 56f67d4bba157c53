using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>A publish callback for <see cref="JobSharder"/> that copies every shard into memory.</summary>
internal sealed class ShardCapture(SpoolDirectory spool)
{
    private readonly List<PublishedShard> _shards = [];

    public IReadOnlyList<PublishedShard> Shards => _shards;

    /// <summary>Runs after a shard is captured; lets a test throw or cancel from inside the callback.</summary>
    public Action<ShardInfo>? AfterCapture { get; init; }

    public async Task PublishAsync(ShardInfo info, Stream shard, CancellationToken cancellationToken)
    {
        var start = shard.Position;
        var length = shard.Length;
        var spoolFiles = spool.Files().Count;
        using var copy = new MemoryStream();
        await shard.CopyToAsync(copy, cancellationToken);
        _shards.Add(new PublishedShard(info, copy.ToArray(), start, length, shard.CanWrite, spoolFiles));
        AfterCapture?.Invoke(info);
    }
}
