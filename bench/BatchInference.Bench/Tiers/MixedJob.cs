using System.Globalization;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// The job <c>tiers-cost</c> runs, laid out in blocks of <c>ShardMaxLines</c> lines (what a split in input order would
/// make its shards): four <c>gpt-4.1-mini</c> blocks (batch or spot), a <c>claude-haiku-4-5</c> block through
/// <c>/v1/messages</c>, two <c>gpt-5-mini</c> blocks (flex only), and one block alternating <c>gpt-4.1-mini</c> and
/// <c>gpt-5-mini</c>, which as one shard no batch could take (one model per batch) and no single cheaper tier serves;
/// the engine's split by endpoint and model puts its lines with their models' other lines. Prompt lengths and
/// <c>max_tokens</c> vary by line (seeded).
/// </summary>
internal static class MixedJob
{
    private static readonly string[][] ShardModels =
    [
        [CostCatalog.BatchModel],
        [CostCatalog.BatchModel],
        [CostCatalog.ClaudeModel],
        [CostCatalog.FlexModel],
        [CostCatalog.BatchModel, CostCatalog.FlexModel],
        [CostCatalog.BatchModel],
        [CostCatalog.FlexModel],
        [CostCatalog.BatchModel],
    ];

    public static int BlockCount => ShardModels.Length;

    /// <summary>Every line, in input order; line <c>i</c> belongs to block <c>i / shardLines</c>.</summary>
    public static IReadOnlyList<BenchRequestLine> Build(int shardLines, int seed)
    {
        var random = new Random(seed);
        var lines = new List<BenchRequestLine>(ShardModels.Length * shardLines);
        for (var shard = 0; shard < ShardModels.Length; shard++)
        {
            var models = ShardModels[shard];
            for (var j = 0; j < shardLines; j++)
            {
                var i = lines.Count;
                var model = models[j % models.Length];
                lines.Add(new BenchRequestLine(
                    string.Create(CultureInfo.InvariantCulture, $"line-{i:D6}"),
                    model == CostCatalog.ClaudeModel ? BenchRequestLine.Messages : BenchRequestLine.ChatCompletions,
                    model,
                    BenchRequestLine.FillerPrompt(i, random.Next(80, 1600)),
                    random.Next(16, 257)));
            }
        }

        return lines;
    }

    public static string Describe(int shard) => string.Join(" + ", ShardModels[shard]);
}
