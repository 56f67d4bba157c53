using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;

namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>Runs <see cref="JobSharder"/> over test input and reads every published shard back.</summary>
internal sealed record SplitRun(ShardingResult Result, IReadOnlyList<PublishedShard> Published, IReadOnlyList<IReadOnlyList<ShardLine>> ShardLines)
{
    public IEnumerable<ShardLine> AllLines => ShardLines.SelectMany(l => l);

    public static Task<SplitRun> OfTextAsync(string text, ShardLimits? limits = null, JsonlReaderOptions? options = null) =>
        OfBytesAsync(Encoding.UTF8.GetBytes(text), limits, options);

    public static async Task<SplitRun> OfBytesAsync(byte[] input, ShardLimits? limits = null, JsonlReaderOptions? options = null)
    {
        using var spool = new SpoolDirectory();
        var capture = new ShardCapture(spool);
        using var stream = new MemoryStream(input, writable: false);

        var result = await JobSharder.SplitAsync(
            stream, options ?? JsonlReaderOptions.Default, limits ?? ShardLimits.Default, capture.PublishAsync, spool.Path);

        Assert.Empty(spool.Files());
        var lines = new List<IReadOnlyList<ShardLine>>();
        foreach (var shard in capture.Shards)
        {
            lines.Add(await ReadShardAsync(shard.Bytes));
        }

        return new SplitRun(result, capture.Shards, lines);
    }

    public static async Task<IReadOnlyList<ShardLine>> ReadShardAsync(byte[] shard)
    {
        using var stream = new MemoryStream(shard, writable: false);
        var lines = new List<ShardLine>();
        await foreach (var line in ShardEnvelopeReader.ReadAsync(stream))
        {
            lines.Add(line);
        }

        return lines;
    }
}
