using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>What the publish callback saw for one shard.</summary>
internal sealed record PublishedShard(ShardInfo Info, byte[] Bytes, long StartPosition, long StreamLength, bool StreamCanWrite, int SpoolFiles);
