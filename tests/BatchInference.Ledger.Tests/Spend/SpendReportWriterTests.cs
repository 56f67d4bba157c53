using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Spend;

public sealed class SpendReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bi-spend-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WriteAsync_LedgerEntries_SumsEqualLedgerExactly()
    {
        var entries = SpendLedgerSamples.Entries(1_234);
        var path = Path.Combine(_dir, "part-job.parquet");
        await using (var file = File.Create(path))
        {
            Assert.Equal(1_234, await SpendReportWriter.WriteAsync(entries.ToAsyncEnumerable(), file));
        }

        var sums = (await DuckDbQuery.QueryAsync($"""
            SELECT SUM(BilledCost)::VARCHAR AS billed, SUM(EffectiveCost)::VARCHAR AS effective, SUM(ListCost)::VARCHAR AS list,
                   SUM(ContractedCost)::VARCHAR AS contracted, SUM(x_ListCostRealtime)::VARCHAR AS realtime,
                   SUM(x_Savings)::VARCHAR AS savings, SUM(ConsumedQuantity)::VARCHAR AS consumed,
                   SUM(x_CacheWriteTokens)::VARCHAR AS cache_write, COUNT(DISTINCT x_JobId)::VARCHAR AS jobs,
                   SUM(CASE WHEN ListUnitPrice * PricingQuantity = ListCost AND ContractedUnitPrice * PricingQuantity = ContractedCost
                            THEN 1 ELSE 0 END)::VARCHAR AS unit_price_rows
            FROM read_parquet({DuckDbQuery.Literal(path)})
            """)).Single();

        Assert.Equal(entries.Sum(e => e.EffectiveCost), Dec(sums, "billed"));
        Assert.Equal(entries.Sum(e => e.EffectiveCost), Dec(sums, "effective"));
        Assert.Equal(entries.Sum(e => e.ListCost), Dec(sums, "list"));
        Assert.Equal(entries.Sum(e => e.EffectiveCost), Dec(sums, "contracted"));
        Assert.Equal(entries.Sum(e => e.RealtimeListCost ?? e.ListCost), Dec(sums, "realtime"));
        Assert.Equal(entries.Sum(e => (e.RealtimeListCost ?? e.ListCost) - e.EffectiveCost), Dec(sums, "savings"));
        Assert.True(Dec(sums, "savings") > 0m);
        Assert.Equal(entries.Sum(e => e.InputTokens + e.OutputTokens), Dec(sums, "consumed"));
        Assert.Equal(entries.Sum(e => e.CacheWriteTokens), Dec(sums, "cache_write"));
        Assert.Equal("2", sums.GetProperty("jobs").GetString());
        Assert.Equal("1234", sums.GetProperty("unit_price_rows").GetString());
    }

    [Fact]
    public async Task WriteAsync_BatchEntryInAzureRegion_EveryFocusColumnHasItsValue()
    {
        var start = new DateTimeOffset(2026, 11, 30, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(1234);
        var entry = new LedgerEntry(
            "job_1", "req-1", 7, 2, "azure-openai", "gpt-4o-mini", "batch", "batch_abc", "azure-openai/gpt-4o-mini/batch",
            1500, 1024, 200, 50, 0.000123456789m, 0.000111111111m, "USD", "2026-11-22", start, start.AddSeconds(2),
            new Dictionary<string, string> { ["team"] = "search", ["cost-center"] = "42" })
        {
            CacheWriteTokens = 12,
            RealtimeListCost = 0.000246913578m,
            Region = "swedencentral",
        };
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "one.parquet"), [entry]);

        var row = (await DuckDbQuery.QueryAsync($"""
            SELECT * EXCLUDE (BillingPeriodStart, BillingPeriodEnd, ChargePeriodStart, ChargePeriodEnd),
                   strftime(BillingPeriodStart AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS bps,
                   strftime(BillingPeriodEnd AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS bpe,
                   strftime(ChargePeriodStart AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS cps,
                   strftime(ChargePeriodEnd AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS cpe
            FROM read_parquet({DuckDbQuery.Literal(path)})
            """)).Single();

        var expected = new Dictionary<string, string?>
        {
            ["BilledCost"] = "0.000111111111", ["BillingAccountId"] = "azure-openai", ["BillingAccountName"] = null,
            ["BillingCurrency"] = "USD", ["bps"] = "2026-12-01T00:00:00.000000", ["bpe"] = "2027-01-01T00:00:00.000000",
            ["ChargeCategory"] = "Usage", ["ChargeClass"] = null, ["ChargeFrequency"] = "Usage-Based",
            ["cps"] = "2026-11-30T23:59:59.999000", ["cpe"] = "2026-12-01T00:00:01.999000",
            ["CommitmentDiscountCategory"] = null, ["CommitmentDiscountId"] = null, ["CommitmentDiscountName"] = null,
            ["CommitmentDiscountQuantity"] = null, ["CommitmentDiscountStatus"] = null, ["CommitmentDiscountType"] = null,
            ["CommitmentDiscountUnit"] = null, ["ConsumedQuantity"] = "1700", ["ConsumedUnit"] = "Tokens",
            ["ContractedCost"] = "0.000111111111", ["ContractedUnitPrice"] = "0.000111111111", ["EffectiveCost"] = "0.000111111111",
            ["InvoiceIssuerName"] = "Microsoft", ["ListCost"] = "0.000123456789", ["ListUnitPrice"] = "0.000123456789",
            ["PricingCategory"] = "Standard", ["PricingQuantity"] = "1", ["PricingUnit"] = "Requests", ["ProviderName"] = "Microsoft",
            ["PublisherName"] = "Microsoft", ["RegionId"] = "swedencentral", ["RegionName"] = "swedencentral",
            ["ServiceCategory"] = "AI and Machine Learning", ["ServiceName"] = "Azure OpenAI", ["ServiceSubcategory"] = "Generative AI",
            ["SkuId"] = "azure-openai/gpt-4o-mini", ["SkuMeter"] = "Tokens", ["SkuPriceDetails"] = null,
            ["SkuPriceId"] = "azure-openai/gpt-4o-mini/batch", ["SubAccountId"] = null, ["SubAccountName"] = null,
            ["Tags"] = """{"cost-center":"42","team":"search"}""",
            ["x_JobId"] = "job_1", ["x_CustomId"] = "req-1", ["x_Line"] = "7", ["x_Attempt"] = "2", ["x_Provider"] = "azure-openai",
            ["x_Model"] = "gpt-4o-mini", ["x_Tier"] = "batch", ["x_ProviderRequestId"] = "batch_abc", ["x_InputTokens"] = "1500",
            ["x_CachedInputTokens"] = "1024", ["x_CacheWriteTokens"] = "12", ["x_OutputTokens"] = "200", ["x_ReasoningTokens"] = "50",
            ["x_ListCostRealtime"] = "0.000246913578", ["x_Savings"] = "0.000135802467", ["x_PriceVersion"] = "2026-11-22",
            ["x_PricedAs"] = "gpt-4o-mini", ["x_Unpriced"] = "false", ["x_ResultCacheHit"] = "false", ["x_AvoidedCost"] = "0.000000000000",
            ["x_PromptCacheSavings"] = "0.000000000000",
        };
        var actual = row.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value));
        Assert.Equal(expected.Count + 1, actual.Count);
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var got), name);
            Assert.True(value == got, $"{name}: expected {value ?? "null"}, got {got ?? "null"}");
        }

        Assert.StartsWith("gpt-4o-mini batch: 1500 input", actual["ChargeDescription"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ResultCacheHitAndPromptCacheSavings_AreXColumnsDuckDbReads()
    {
        var sample = SpendLedgerSamples.Entries(2);
        var hit = sample[0] with { Attempt = 0, Tier = "result_cache", ListCost = 0m, EffectiveCost = 0m, RealtimeListCost = 0m, ResultCacheHit = true, AvoidedCost = 0.000123m };
        var paid = sample[1] with { PromptCacheSavings = 0.0000045m };
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "levers.parquet"), [hit, paid]);

        var row = Assert.Single(await DuckDbQuery.QueryAsync($"""
            SELECT count(*) FILTER (WHERE x_ResultCacheHit) AS hits, CAST(sum(x_AvoidedCost) AS VARCHAR) AS avoided,
                   CAST(sum(x_PromptCacheSavings) AS VARCHAR) AS prompt_cache, CAST(sum(BilledCost) FILTER (WHERE x_ResultCacheHit) AS VARCHAR) AS hit_cost
            FROM read_parquet({DuckDbQuery.Literal(path)})
            """));

        Assert.Equal("1", row.GetProperty("hits").ToString());
        Assert.Equal(0.000123m, decimal.Parse(row.GetProperty("avoided").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(0.0000045m, decimal.Parse(row.GetProperty("prompt_cache").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(0m, decimal.Parse(row.GetProperty("hit_cost").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WriteAsync_SnapshotAndUnpricedAttempts_SayWhatPricedThem()
    {
        var sample = SpendLedgerSamples.Entries(2);
        var snapshot = sample[0] with { Model = "gpt-4o-2024-08-06", PricedAs = "gpt-4o" };
        var unpriced = sample[1] with { Model = "my-fine-tune", ListCost = 0m, EffectiveCost = 0m, RealtimeListCost = null, Unpriced = true };
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "priced-as.parquet"), [snapshot, unpriced]);

        var rows = await DuckDbQuery.QueryAsync($"""
            SELECT x_Model AS model, x_PricedAs AS priced_as, x_Unpriced AS unpriced, EffectiveCost::VARCHAR AS cost, ChargeDescription AS description
            FROM read_parquet({DuckDbQuery.Literal(path)}) ORDER BY x_Model
            """);

        Assert.Equal(("gpt-4o-2024-08-06", "gpt-4o", false), (rows[0].GetProperty("model").GetString(), rows[0].GetProperty("priced_as").GetString(), rows[0].GetProperty("unpriced").GetBoolean()));
        Assert.Equal(("my-fine-tune", JsonValueKind.Null, true), (rows[1].GetProperty("model").GetString(), rows[1].GetProperty("priced_as").ValueKind, rows[1].GetProperty("unpriced").GetBoolean()));
        Assert.Equal(0m, decimal.Parse(rows[1].GetProperty("cost").GetString()!, CultureInfo.InvariantCulture));
        Assert.Contains("unpriced", rows[1].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NoTagsAndSpotTier_TagsNullAndPricingCategoryDynamic()
    {
        var entry = SpendLedgerSamples.Entries(1)[0] with { Tier = "spot", Tags = new Dictionary<string, string>() };
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "spot.parquet"), [entry]);

        var row = (await DuckDbQuery.QueryAsync($"SELECT Tags IS NULL AS no_tags, PricingCategory AS pc FROM read_parquet({DuckDbQuery.Literal(path)})")).Single();

        Assert.True(row.GetProperty("no_tags").GetBoolean());
        Assert.Equal("Dynamic", row.GetProperty("pc").GetString());
    }

    [Fact]
    public async Task WriteAsync_DatePartitions_HivePartitionFilterReadsOnlyThatDaysFiles()
    {
        var entries = SpendLedgerSamples.Entries(300, days: 3);
        var root = Path.Combine(_dir, "spend");
        foreach (var day in entries.GroupBy(SpendReportWriter.ChargeDate))
        {
            foreach (var job in day.GroupBy(e => e.JobId))
            {
                await SpendLedgerSamples.WriteAsync(Path.Combine(root, $"date={day.Key:yyyy-MM-dd}", $"part-{job.Key}.parquet"), job);
            }
        }

        // Not Parquet at all: any query that opens this file fails, so a result proves the partition was pruned.
        var corrupt = Path.Combine(root, "date=2026-11-23", "part-corrupt.parquet");
        await File.WriteAllTextAsync(corrupt, "not a parquet file");
        var glob = DuckDbQuery.Literal(Path.Combine(root, "*", "*.parquet"));

        var day1 = (await DuckDbQuery.QueryAsync($"""
            SELECT COUNT(*)::VARCHAR AS n, SUM(BilledCost)::VARCHAR AS billed, COUNT(DISTINCT filename)::VARCHAR AS files
            FROM read_parquet({glob}, hive_partitioning = true, filename = true) WHERE date = '2026-11-24'
            """)).Single();
        var expected = entries.Where(e => SpendReportWriter.ChargeDate(e) == new DateOnly(2026, 11, 24)).ToList();
        Assert.Equal(expected.Count.ToString(CultureInfo.InvariantCulture), day1.GetProperty("n").GetString());
        Assert.Equal(expected.Sum(e => e.EffectiveCost), Dec(day1, "billed"));
        Assert.Equal("2", day1.GetProperty("files").GetString());

        var all = await Assert.ThrowsAsync<InvalidOperationException>(() => DuckDbQuery.QueryAsync(
            $"SELECT COUNT(*) AS n FROM read_parquet({glob}, hive_partitioning = true) WHERE date = '2026-11-23'"));
        Assert.Contains("part-corrupt", all.Message, StringComparison.Ordinal);
    }

    // Parquet.Net 6.1 writes TIMESTAMP(MICROS) min/max statistics in milliseconds (upstream issue #769): DuckDB then
    // prunes every row group and a filter on a period column returns no rows. The report's timestamp columns avoid it.
    [Fact]
    public async Task WriteAsync_TimestampAndDatePredicates_DuckDbReturnsEveryMatchingRow()
    {
        var entries = SpendLedgerSamples.Entries(300, days: 3);
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "periods.parquet"), entries);
        var from = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        var counts = (await DuckDbQuery.QueryAsync($"""
            SET TimeZone = 'UTC';
            SELECT count(*) FILTER (WHERE ChargePeriodStart >= TIMESTAMPTZ '2026-11-23 00:00:00+00')::VARCHAR AS since,
                   count(*) FILTER (WHERE ChargePeriodStart < TIMESTAMPTZ '2026-11-23 00:00:00+00')::VARCHAR AS before,
                   count(*) FILTER (WHERE ChargePeriodEnd >= DATE '2026-11-23' AND ChargePeriodEnd < DATE '2026-11-24')::VARCHAR AS day,
                   count(*) FILTER (WHERE BillingPeriodStart = TIMESTAMPTZ '2026-11-01 00:00:00+00')::VARCHAR AS month
            FROM read_parquet({DuckDbQuery.Literal(path)})
            """)).Single();
        var filtered = (await DuckDbQuery.QueryAsync($"""
            SELECT count(*)::VARCHAR AS n FROM read_parquet({DuckDbQuery.Literal(path)})
            WHERE ChargePeriodStart >= TIMESTAMPTZ '2026-11-23 00:00:00+00'
            """)).Single();

        string Count(Func<LedgerEntry, bool> predicate) => entries.Count(predicate).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(Count(e => e.StartedAt >= from), filtered.GetProperty("n").GetString());
        Assert.Equal(Count(e => e.StartedAt >= from), counts.GetProperty("since").GetString());
        Assert.Equal(Count(e => e.StartedAt < from), counts.GetProperty("before").GetString());
        Assert.Equal(Count(e => e.FinishedAt >= from && e.FinishedAt < from.AddDays(1)), counts.GetProperty("day").GetString());
        Assert.Equal("300", counts.GetProperty("month").GetString());
        Assert.NotEqual("0", filtered.GetProperty("n").GetString());
    }

    [Fact]
    public async Task WriteAsync_AnswerWithinTheSameMillisecond_ChargePeriodEndStillFollowsStart()
    {
        var start = new DateTimeOffset(2026, 11, 22, 3, 0, 0, 5, TimeSpan.Zero).AddTicks(1234);
        var entry = SpendLedgerSamples.Entries(1)[0] with { StartedAt = start, FinishedAt = start.AddTicks(3000) };
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "instant.parquet"), [entry]);

        var row = (await DuckDbQuery.QueryAsync($"""
            SELECT strftime(ChargePeriodStart AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS cps,
                   strftime(ChargePeriodEnd AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS cpe
            FROM read_parquet({DuckDbQuery.Literal(path)})
            """)).Single();

        Assert.Equal("2026-11-22T03:00:00.005000", row.GetProperty("cps").GetString());
        Assert.Equal("2026-11-22T03:00:00.006000", row.GetProperty("cpe").GetString());
    }

    // The writer hints dictionary encoding for every low-cardinality string column (Parquet.Net encodes none unless
    // told to) and leaves ids unique per row plain; every column chunk is Snappy-compressed.
    [Fact]
    public async Task WriteAsync_StringColumns_DictionaryEncodedUnlessUniquePerRowAndSnappyEverywhere()
    {
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "encodings.parquet"), SpendLedgerSamples.Entries(300));

        var chunks = (await DuckDbQuery.QueryAsync($"""
            SELECT path_in_schema AS name, encodings, compression FROM parquet_metadata({DuckDbQuery.Literal(path)})
            """)).ToDictionary(r => r.GetProperty("name").GetString()!, r => (Encodings: r.GetProperty("encodings").GetString()!, Codec: r.GetProperty("compression").GetString()!));

        foreach (var name in new[] { "ProviderName", "ServiceName", "SkuId", "SkuPriceId", "PricingCategory", "Tags", "x_JobId", "x_Model", "x_Tier", "x_PriceVersion" })
        {
            Assert.True(chunks[name].Encodings.Contains("DICTIONARY", StringComparison.Ordinal), $"{name}: {chunks[name].Encodings}");
        }

        Assert.DoesNotContain("DICTIONARY", chunks["x_CustomId"].Encodings, StringComparison.Ordinal);
        Assert.DoesNotContain("DICTIONARY", chunks["x_ProviderRequestId"].Encodings, StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Equal((c.Key, "SNAPPY"), (c.Key, c.Value.Codec)));
    }

    [Fact]
    public async Task WriteAsync_NoEntries_WritesAValidEmptyReport()
    {
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "empty.parquet"), []);

        var result = (await DuckDbQuery.QueryAsync($"SELECT COUNT(*)::VARCHAR AS n FROM read_parquet({DuckDbQuery.Literal(path)})")).Single();
        Assert.Equal("0", result.GetProperty("n").GetString());
    }

    [Fact]
    public void ChargeDate_AnswerAfterMidnightUtc_IsTheAnswersUtcDate()
    {
        var entry = SpendLedgerSamples.Entries(1)[0] with
        {
            StartedAt = new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero),
            FinishedAt = new DateTimeOffset(2026, 11, 23, 1, 0, 1, TimeSpan.FromHours(2)),
        };

        Assert.Equal(new DateOnly(2026, 11, 22), SpendReportWriter.ChargeDate(entry));
        Assert.Equal(new DateOnly(2026, 11, 23), SpendReportWriter.ChargeDate(entry with { FinishedAt = entry.FinishedAt.AddHours(1) }));
    }

    private static decimal Dec(JsonElement row, string name) =>
        decimal.Parse(row.GetProperty(name).GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
