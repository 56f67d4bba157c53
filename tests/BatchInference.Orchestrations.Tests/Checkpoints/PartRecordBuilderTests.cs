using BatchInference.Jobs.Output;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Results;
using BatchInference.Providers.Realtime;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>
/// Checkpoint records built from line results and read back with <see cref="PartRecord.Parse"/>: the published line is
/// byte for byte what <see cref="BatchOutputWriter"/> writes, and every paid attempt is a ledger entry priced by the
/// catalog.
/// </summary>
public sealed class PartRecordBuilderTests
{
    private const string JobId = "job_0123456789abcdef01234567";

    private static readonly PriceCatalog Catalog = PriceCatalog.BuiltIn();

    [Fact]
    public async Task BuildAsync_RejectedLine_IsAnInvalidRecordWithTheErrorLineAndNoLedger()
    {
        var info = await Builder(JobId).BuildAsync(Rejected(11, 3, "c-3"), CancellationToken.None);
        var record = Parse(info);

        Assert.Equal((11L, ResultKind.Invalid, 0, 0m), (info.Sequence, info.Kind, info.PaidAttempts, info.Cost));
        Assert.Equal((11L, 3L, "c-3", (string?)null, ResultKind.Invalid, 0), (record.Sequence, record.Line, record.CustomId, record.Model, record.Kind, record.Attempts));
        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(3, "c-3", "invalid_json", "Line 3 is not valid JSON.")), record.Out.ToArray());
        Assert.Empty(record.Ledger);
    }

    [Fact]
    public async Task BuildAsync_RejectedLineWithoutCustomId_KeepsTheNull()
    {
        var record = Parse(await Builder(JobId).BuildAsync(Rejected(0, 1, null), CancellationToken.None));

        Assert.Null(record.CustomId);
        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(1, null, "invalid_json", "Line 3 is not valid JSON.")), record.Out.ToArray());
    }

    [Fact]
    public async Task BuildAsync_SucceededLine_HasTheResponseLineAndOneLedgerEntryPerPaidAttempt()
    {
        var line = Succeeded(12, 4, "c-4");

        var info = await Builder(JobId).BuildAsync(line, CancellationToken.None);
        var record = Parse(info);

        Assert.Equal((12L, 4L, "c-4", Model, ResultKind.Succeeded, 2), (record.Sequence, record.Line, record.CustomId, record.Model, record.Kind, record.Attempts));
        Assert.Equal(await WrittenAsync(w => w.WriteResponseAsync(4, "c-4", 200, "req_ok", AnswerBody)), record.Out.ToArray());
        var entry = Assert.Single(record.Ledger.Select(e => LedgerJson.FromLine(e.Span)));
        AssertEntry(line, line.Outcome.Attempts[1], entry);
        Assert.Equal((ResultKind.Succeeded, 1, entry.EffectiveCost), (info.Kind, info.PaidAttempts, info.Cost));
    }

    [Fact]
    public async Task BuildAsync_PaidAttempt_CostsWhatTheCalculatorSaysAtTheRealtimePrice()
    {
        var record = Parse(await Builder(JobId).BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None));
        Assert.True(Catalog.TryGetPrice(Provider, Model, "realtime", out var price));

        var entry = LedgerJson.FromLine(record.Ledger[0].Span);

        // 800 uncached × 0.40 + 200 cached × 0.10 + 500 output × 1.60, per million tokens.
        Assert.Equal(0.00114m, entry.EffectiveCost);
        Assert.Equal(CostCalculator.Cost(price, new TokenCounts(1000, 200, 500, 100)), entry.EffectiveCost);
        Assert.Equal(entry.EffectiveCost, entry.ListCost);
    }

    [Fact]
    public async Task BuildAsync_ProviderRefusedWithJsonBody_IsAFailedRecordWithTheProvidersStatusAndBody()
    {
        var line = Refused(13, 5, "c-5");

        var info = await Builder(JobId).BuildAsync(line, CancellationToken.None);
        var record = Parse(info);

        Assert.Equal((ResultKind.Failed, 1, 0, 0m), (record.Kind, record.Attempts, info.PaidAttempts, info.Cost));
        Assert.Equal(await WrittenAsync(w => w.WriteResponseAsync(5, "c-5", 400, "req_bad", line.Outcome.ResponseBody)), record.Out.ToArray());
        Assert.Empty(record.Ledger);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData(502, "<html><body>Bad Gateway</body></html>")]
    public async Task BuildAsync_FailedWithoutAJsonAnswer_IsAnErrorLine(int? status, string body)
    {
        var outcome = new RealtimeOutcome("c-6", false, status, null, System.Text.Encoding.UTF8.GetBytes(body), RealtimeErrorCodes.RetriesExhausted,
            "gave up after 3 attempts", [Unpaid(1, status, "x"), Unpaid(2, status, "x"), Unpaid(3, status, "x")]);

        var record = Parse(await Builder(JobId).BuildAsync(new AnsweredLine(14, 6, Model, outcome, "openai", "realtime"), CancellationToken.None));

        Assert.Equal((ResultKind.Failed, 3), (record.Kind, record.Attempts));
        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(6, "c-6", "retries_exhausted", "gave up after 3 attempts")), record.Out.ToArray());
    }

    [Fact]
    public async Task BuildAsync_DeadlineEndedALineDuringAnOutage_IsADeadlineErrorNotTheLast5xx()
    {
        const string message = "The deadline left no time for another attempt; the last provider error: HTTP 503.";
        var outcome = new RealtimeOutcome("c-d", false, 503, "req_5xx", """{"error":{"message":"overloaded"}}"""u8.ToArray(),
            RealtimeErrorCodes.DeadlineExceeded, message, [Unpaid(1, 503, "HTTP 503")]);

        var record = Parse(await Builder(JobId).BuildAsync(new AnsweredLine(16, 8, Model, outcome, "openai", "realtime"), CancellationToken.None));

        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(8, "c-d", "deadline_exceeded", message)), record.Out.ToArray());
    }

    [Fact]
    public async Task BuildAsync_FailedWithoutCodeOrMessage_UsesTheGenericError()
    {
        var outcome = new RealtimeOutcome("c-7", false, null, null, ReadOnlyMemory<byte>.Empty, null, null, [Unpaid(1, null, "timeout")]);

        var record = Parse(await Builder(JobId).BuildAsync(new AnsweredLine(15, 7, Model, outcome, "openai", "realtime"), CancellationToken.None));

        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(7, "c-7", "request_failed", "The request failed.")), record.Out.ToArray());
    }

    [Fact]
    public async Task BuildAsync_TwoPaidAttempts_AreTwoLedgerEntriesAndTheCostIsTheirSum()
    {
        var usage2 = new TokenUsage(2000, 0, 10, 0);
        var outcome = new RealtimeOutcome("c-8", true, 200, "req_b", AnswerBody, null, null, [Paid(1, "req_a", Usage), Paid(2, "req_b", usage2)]);
        var line = new AnsweredLine(16, 8, Model, outcome, "openai", "realtime");
        var builder = Builder(JobId);

        var info = await builder.BuildAsync(line, CancellationToken.None);
        var entries = Parse(info).Ledger.Select(e => LedgerJson.FromLine(e.Span)).ToList();

        Assert.Equal(2, entries.Count);
        AssertEntry(line, outcome.Attempts[0], entries[0]);
        AssertEntry(line, outcome.Attempts[1], entries[1]);
        Assert.Equal(2, info.PaidAttempts);
        Assert.Equal(entries.Sum(e => e.EffectiveCost), info.Cost);
        Assert.Equal(info.Cost, builder.CostOf(line));
    }

    [Fact]
    public async Task BuildAsync_PrettyPrintedBody_StaysOneLine()
    {
        var pretty = "{\n  \"id\": \"chatcmpl-2\",\n  \"choices\": []\n}"u8.ToArray();
        var outcome = new RealtimeOutcome("c-9", true, 200, "req_p", pretty, null, null, [Paid(1, "req_p", Usage)]);

        var info = await Builder(JobId).BuildAsync(new AnsweredLine(17, 9, Model, outcome, "openai", "realtime"), CancellationToken.None);

        Assert.Equal(1, info.Bytes.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', info.Bytes[^1]);
        Assert.Equal(await WrittenAsync(w => w.WriteResponseAsync(9, "c-9", 200, "req_p", pretty)), Parse(info).Out.ToArray());
    }

    [Fact]
    public async Task BuildAsync_OneBuilderManyLines_EachRecordHoldsOnlyItsOwnLine()
    {
        var builder = Builder(JobId);

        var first = await builder.BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);
        var second = await builder.BuildAsync(Rejected(1, 2, "c-2"), CancellationToken.None);
        var third = await builder.BuildAsync(Succeeded(2, 3, "c-3"), CancellationToken.None);

        Assert.Equal(await WrittenAsync(w => w.WriteResponseAsync(1, "c-1", 200, "req_ok", AnswerBody)), Parse(first).Out.ToArray());
        Assert.Equal(await WrittenAsync(w => w.WriteErrorAsync(2, "c-2", "invalid_json", "Line 3 is not valid JSON.")), Parse(second).Out.ToArray());
        Assert.Equal(await WrittenAsync(w => w.WriteResponseAsync(3, "c-3", 200, "req_ok", AnswerBody)), Parse(third).Out.ToArray());
        Assert.Single(Parse(third).Ledger);
    }

    [Fact]
    public void CostOf_UnpaidAttemptsOnly_IsZero()
    {
        Assert.Equal(0m, Builder(JobId).CostOf(Refused(0, 1, "c-1")));
    }

    [Fact]
    public async Task BuildAsync_ModelTheCatalogDoesNotPrice_Throws()
    {
        var line = Succeeded(0, 1, "c-1") with { Model = "no-such-model" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Builder(JobId).BuildAsync(line, CancellationToken.None));
    }

    private static PartRecord Parse(PartRecordInfo info)
    {
        Assert.Equal((byte)'\n', info.Bytes[^1]);
        return PartRecord.Parse(info.Bytes.AsMemory(0, info.Bytes.Length - 1));
    }

    private static void AssertEntry(AnsweredLine line, AttemptRecord attempt, LedgerEntry entry)
    {
        Assert.True(Catalog.TryGetPrice(Provider, Model, "realtime", out var price));
        var usage = attempt.Usage!;
        var cost = CostCalculator.Cost(price, new TokenCounts(usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.ReasoningTokens));
        Assert.Equal(
            (JobId, line.CustomId, line.LineNumber, attempt.Attempt, Provider, Model, "realtime", attempt.RequestId, "openai/gpt-4.1-mini/realtime"),
            (entry.JobId, (string?)entry.CustomId, entry.Line, entry.Attempt, entry.Provider, entry.Model, entry.Tier, entry.ProviderRequestId, entry.SkuId));
        Assert.Equal(
            (usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens, usage.ReasoningTokens),
            (entry.InputTokens, entry.CachedInputTokens, entry.OutputTokens, entry.ReasoningTokens));
        Assert.Equal((cost, cost), (entry.ListCost, entry.EffectiveCost));
        Assert.Equal((Catalog.Currency, Catalog.Version), (entry.Currency, entry.PriceVersion));
        Assert.Equal((attempt.StartedAt, attempt.FinishedAt), (entry.StartedAt, entry.FinishedAt));
        Assert.Equal(Tags, entry.Tags);
    }

    [Fact]
    public async Task BuildAsync_PaidAttempt_RecordsWhatThePromptCacheSaved()
    {
        var record = Parse(await Builder(JobId).BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None));

        var entry = LedgerJson.FromLine(Assert.Single(record.Ledger).Span);
        Assert.True(Catalog.TryGetPrice(Provider, Model, "realtime", out var price));
        Assert.Equal(Usage.CachedInputTokens * (price.InputPerMillion - price.CachedInputPerMillion) / 1_000_000m, entry.PromptCacheSavings);
        Assert.True(entry.PromptCacheSavings > 0);
    }

    [Fact]
    public async Task BuildAsync_CachedLine_StoredAnswerMarkedAsAHit_ZeroCostLedgerWithTheAvoidedListCost()
    {
        var cachedAt = new DateTimeOffset(2026, 2, 27, 10, 0, 0, TimeSpan.Zero);
        var body = """{"id":"chatcmpl-9","usage":{"prompt_tokens":1000,"completion_tokens":500,"prompt_tokens_details":{"cached_tokens":200}}}"""u8.ToArray();
        var entry = new BatchInference.Orchestrations.ResultCache.ResultCacheEntry(
            "k", "team=search", "/v1/chat/completions", Model, Provider, "job_source", cachedAt, 200, "req_orig", body);

        var info = await Builder(JobId).BuildAsync(new CachedLine(5, 6, "c-6", Model, entry, Sent), CancellationToken.None);
        var record = Parse(info);

        Assert.Equal((ResultKind.Succeeded, 0, 0m, 0), (info.Kind, info.PaidAttempts, info.Cost, record.Attempts));
        Assert.Equal(
            await WrittenAsync(w => w.WriteResponseAsync(6, "c-6", 200, "req_orig", body, new BatchOutputCacheHit("job_source", cachedAt))),
            record.Out.ToArray());
        Assert.Contains("\"bi_cache\":{\"hit\":true,\"source_job\":\"job_source\",\"cached_at\":\"2026-02-27T10:00:00+00:00\"}", System.Text.Encoding.UTF8.GetString(record.Out.Span), StringComparison.Ordinal);
        var hit = LedgerJson.FromLine(Assert.Single(record.Ledger).Span);
        Assert.True(Catalog.TryGetPrice(Provider, Model, "realtime", out var price));
        Assert.Equal(
            (true, 0, "result_cache", (string?)null, 0m, 0m, 0L),
            (hit.ResultCacheHit, hit.Attempt, hit.Tier, hit.ProviderRequestId, hit.EffectiveCost, hit.ListCost, hit.InputTokens));
        Assert.Equal(CostCalculator.Cost(price, new TokenCounts(1000, 200, 500, 0)), hit.AvoidedCost);
    }

    /// <summary>The line <see cref="BatchOutputWriter"/> writes for this job, without its '\n'.</summary>
    private static async Task<byte[]> WrittenAsync(Func<BatchOutputWriter, ValueTask> write)
    {
        using var stream = new MemoryStream();
        await using (var writer = new BatchOutputWriter(stream, JobId))
        {
            await write(writer);
        }

        var bytes = stream.ToArray();
        Assert.Equal((byte)'\n', bytes[^1]);
        return bytes[..^1];
    }
}
