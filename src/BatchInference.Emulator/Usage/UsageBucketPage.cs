namespace BatchInference.Emulator.Usage;

/// <summary>The day buckets one page holds (Unix seconds of each start) and the cursor of the next page, if any.</summary>
internal sealed record UsageBucketPage(IReadOnlyList<long> BucketStarts, string? NextPage)
{
    public const long DaySeconds = 86_400;

    /// <summary>Every UTC day from the query's cursor up to its end (default: now), at most <c>limit</c> of them.</summary>
    public static UsageBucketPage Of(UsageQuery query, DateTimeOffset now)
    {
        var end = query.EndTime ?? now.ToUnixTimeSeconds();
        var starts = new List<long>();
        var next = query.FirstBucketStart();
        for (; next < end && starts.Count < query.Limit; next += DaySeconds)
        {
            starts.Add(next);
        }

        return new UsageBucketPage(starts, next < end ? UsageQuery.PagePrefix + next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public static DateOnly Day(long bucketStart) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(bucketStart).UtcDateTime);
}
