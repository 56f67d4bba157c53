namespace BatchInference.Cli.Reporting;

/// <summary>Column names shared by the CSV and Parquet outputs, so a file reads the same whichever format it came in.</summary>
internal static class SpendColumns
{
    /// <summary>The sums, in file order after the dimension columns.</summary>
    public static IReadOnlyList<string> Metrics { get; } =
    [
        "requests", "input_tokens", "cached_input_tokens", "output_tokens",
        "effective_cost", "list_cost_realtime", "savings", "savings_percent", "unpriced_requests",
        "prompt_cache_savings", "result_cache_hits", "result_cache_avoided_cost",
    ];

    /// <summary>The dimension columns of <paramref name="query"/>, in its order.</summary>
    public static IReadOnlyList<string> Dimensions(SpendQuery query) =>
        [.. query.Dimensions.Select(d => Name(d, query.TagKey))];

    /// <summary>The column of one dimension: <c>day</c>, <c>tag_&lt;key&gt;</c>, <c>model</c>, <c>tier</c>, <c>job_id</c>, <c>provider</c>.</summary>
    public static string Name(SpendDimension dimension, string tagKey) => dimension switch
    {
        SpendDimension.Day => "day",
        SpendDimension.Tag => "tag_" + tagKey,
        SpendDimension.Model => "model",
        SpendDimension.Tier => "tier",
        SpendDimension.Job => "job_id",
        SpendDimension.Provider => "provider",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Unknown dimension."),
    };
}
