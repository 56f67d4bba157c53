namespace BatchInference.Emulator.Usage.Anthropic;

/// <summary>The day buckets one page holds and the cursor of the next page, if any.</summary>
internal sealed record AnthropicBucketPage(IReadOnlyList<DateTimeOffset> BucketStarts, string? NextPage)
{
    /// <summary>
    /// Every UTC day from the first bucket up to <c>ending_at</c> (default: now; a bucket must end by then, as the docs
    /// say "buckets that end before" it), at most <c>limit</c> of them.
    /// </summary>
    public static AnthropicBucketPage Of(AnthropicUsageQuery query, DateTimeOffset first, DateTimeOffset now)
    {
        var end = query.EndingAt ?? now;
        var starts = new List<DateTimeOffset>();
        var next = first;
        for (; next < end && starts.Count < query.Limit; next = next.AddDays(1))
        {
            starts.Add(next);
        }

        return new AnthropicBucketPage(starts, next < end ? AnthropicUsageQuery.Cursor(next) : null);
    }
}
