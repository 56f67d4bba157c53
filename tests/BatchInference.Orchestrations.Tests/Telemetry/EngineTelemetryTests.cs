using System.Diagnostics;
using System.Globalization;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Providers.Telemetry;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Telemetry;

/// <summary>
/// The spans and metrics of real jobs: the engine on Azurite and the provider emulator over HTTP, observed through the
/// BCL's activity and meter listeners.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineTelemetryTests(AzuriteFixture azurite)
{
    private const string PromptMarker = "PROMPT-MARKER-7f3a";

    [Fact]
    public async Task RunAsync_TwoShardJob_EmitsJobShardAndProviderCallSpansWithoutPromptText()
    {
        using var capture = new TelemetryCapture();
        await using var harness = await EngineHarness.StartAsync(azurite, engine: o => o.ShardMaxLines = 6);
        var input = new JobInputBuilder();
        for (var i = 0; i < 12; i++)
        {
            input.Chat($"tel-{i:D2}", JobInputBuilder.ChatModels[i % 2], $"{PromptMarker} classify ticket {i}");
        }

        // Real time: each model's shard could otherwise go to a provider batch, and the spans checked here are real-time calls.
        var blob = await harness.UploadJobAsync(input.ToArray(), new Dictionary<string, string> { ["tier_policy"] = "realtime" });
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);
        var spans = await WaitForFinishSpanAsync(capture, jobId);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        var start = Assert.Single(spans, s => s.OperationName == "PrepareJob");
        Assert.Equal(ActivityKind.Consumer, start.Kind);
        Assert.Equal(12L, start.GetTagItem("bi.lines"));
        Assert.Equal(2, start.GetTagItem("bi.shards"));

        var shards = spans.Where(s => s.OperationName == "ShardSlice").ToList();
        Assert.Equal([0, 1], shards.Select(s => (int)s.GetTagItem(BatchInferenceTelemetry.ShardTag)!).Distinct().Order());
        Assert.All(shards, s => Assert.Equal("realtime", s.GetTagItem(BatchInferenceTelemetry.TierTag)));
        Assert.All(shards, s => Assert.Equal(default, s.ParentSpanId)); // scheduled by an orchestration: no in-process parent
        var shardCost = shards.Sum(s => s.GetTagItem(BatchInferenceTelemetry.CostTag) as double? ?? 0);
        Assert.Equal((double)summary.Cost.EffectiveUsd, shardCost, 9);

        var calls = spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(12, calls.Count);
        var shardSpanIds = shards.Select(s => s.SpanId).ToHashSet();
        foreach (var call in calls)
        {
            Assert.Contains(call.ParentSpanId, shardSpanIds);
            var parent = shards.Single(s => s.SpanId == call.ParentSpanId);
            Assert.Equal(parent.TraceId, call.TraceId);
            Assert.Equal(parent.GetTagItem(BatchInferenceTelemetry.ShardTag), call.GetTagItem(BatchInferenceTelemetry.ShardTag));
            Assert.Equal("openai", call.GetTagItem("gen_ai.system"));
            Assert.Equal("chat", call.GetTagItem("gen_ai.operation.name"));
            Assert.Contains((string)call.GetTagItem("gen_ai.request.model")!, JobInputBuilder.ChatModels);
            Assert.Equal($"chat {call.GetTagItem("gen_ai.request.model")}", call.DisplayName);
            Assert.Equal(200, call.GetTagItem("http.response.status_code"));
            Assert.True((long)call.GetTagItem("gen_ai.usage.output_tokens")! > 0);
            Assert.NotEqual(ActivityStatusCode.Error, call.Status);
        }

        Assert.Equal(summary.Tokens.Input, calls.Sum(c => (long)c.GetTagItem("gen_ai.usage.input_tokens")!));
        Assert.Equal(summary.Tokens.Output, calls.Sum(c => (long)c.GetTagItem("gen_ai.usage.output_tokens")!));

        var finish = spans.Last(s => s.OperationName == "FinishJob");
        Assert.Equal((double)summary.Cost.EffectiveUsd, (double)finish.GetTagItem(BatchInferenceTelemetry.CostTag)!, 9);
        Assert.Equal("completed", finish.GetTagItem("bi.status"));
        Assert.Equal(true, finish.GetTagItem("bi.deadline_met"));

        // Nothing of a request body, anywhere: not in a tag, not in a span name, not in an event.
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "")
            .Concat([s.DisplayName, s.StatusDescription ?? ""])
            .Concat(s.Events.Select(e => e.Name)));
        Assert.DoesNotContain(texts, t => t.Contains(PromptMarker, StringComparison.Ordinal) || t.Contains("classify", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RunAsync_MixedJob_TokenAndCostCountersSumToSummaryTotals()
    {
        using var capture = new TelemetryCapture();
        await using var harness = await EngineHarness.StartAsync(azurite);
        var input = new JobInputBuilder().Mixed("met", 24);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);
        await WaitForFinishSpanAsync(capture, jobId);

        var tokens = capture.MeasurementsOf(jobId, "bi.tokens");
        Assert.Equal(summary.Tokens.Input, (long)tokens.Where(m => m.Tag("direction") == "input").Sum(m => m.Value));
        Assert.Equal(summary.Tokens.Output, (long)tokens.Where(m => m.Tag("direction") == "output").Sum(m => m.Value));
        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(
            ledger.GroupBy(e => e.Model).ToDictionary(g => g.Key, g => g.Sum(e => e.InputTokens)).OrderBy(p => p.Key),
            tokens.Where(m => m.Tag("direction") == "input").GroupBy(m => m.Tag("model")!).ToDictionary(g => g.Key, g => (long)g.Sum(m => m.Value)).OrderBy(p => p.Key));

        var cost = capture.MeasurementsOf(jobId, "bi.cost");
        Assert.True(summary.Cost.EffectiveUsd > 0);
        Assert.Equal((double)summary.Cost.EffectiveUsd, cost.Sum(m => m.Value), 9);
        Assert.All(cost, m => Assert.Equal("realtime", m.Tag("tier")));
        Assert.All(cost, m => Assert.Equal("USD", m.Unit));

        var requests = capture.MeasurementsOf(jobId, "bi.requests");
        Assert.Equal(24, requests.Where(m => m.Tag("outcome") == "succeeded").Sum(m => m.Value));
        Assert.Empty(capture.MeasurementsOf(jobId, "bi.rate_limited"));

        var duration = Assert.Single(capture.MeasurementsOf(jobId, "bi.job.duration"));
        Assert.Equal((summary.FinishedAt!.Value - summary.CreatedAt).TotalSeconds, duration.Value, 6);
        Assert.Equal("s", duration.Unit);
        var slack = Assert.Single(capture.MeasurementsOf(jobId, "bi.job.deadline_slack"));
        Assert.Equal((summary.Deadline - summary.FinishedAt!.Value).TotalSeconds, slack.Value, 6);
        Assert.True(slack.Value > 0);
        Assert.Equal("completed", slack.Tag("status"));
    }

    [Fact]
    public async Task RunAsync_RateLimitedEmulator_CountsEvery429()
    {
        using var capture = new TelemetryCapture();
        await using var harness = await EngineHarness.StartAsync(
            azurite,
            emulator: o =>
            {
                o.RequestsPerMinute = 8;
                o.RateLimitWindow = TimeSpan.FromSeconds(1);
            },
            provider: o =>
            {
                o.MaxConcurrency = 8;
                o.MaxAttempts = 30;
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(250);
            });
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("rl", 24).ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);
        var spans = await WaitForFinishSpanAsync(capture, jobId);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        var throttled = harness.Emulator.RequestLog.Snapshot()
            .Count(r => r.StatusCode == 429 && r.ClientRequestId?.StartsWith($"{jobId}:", StringComparison.Ordinal) == true);
        Assert.True(throttled > 0, "The emulator throttled nothing, so this tested nothing.");
        var counted = capture.MeasurementsOf(jobId, "bi.rate_limited");
        Assert.Equal(throttled, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal("realtime", m.Tag("tier")));

        var throttledSpans = spans.Where(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("http.response.status_code"), 429)).ToList();
        Assert.Equal(throttled, throttledSpans.Count);
        Assert.All(throttledSpans, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
        Assert.All(throttledSpans, s => Assert.Equal("429", s.GetTagItem("error.type")));

        // Each request counted once, by how it ended: all of them got through in the end.
        var requests = capture.MeasurementsOf(jobId, "bi.requests");
        Assert.Equal(24, requests.Sum(m => m.Value));
        Assert.All(requests, m => Assert.Equal("succeeded", m.Tag("outcome")));
    }

    // The FinishJob span ends just after the job turns terminal, which is what RunAsync waits for.
    private static async Task<IReadOnlyList<Activity>> WaitForFinishSpanAsync(TelemetryCapture capture, string jobId)
    {
        await Poll.UntilAsync(
            () => capture.SpansOf(jobId).Any(s => s.OperationName == "FinishJob" && s.GetTagItem("bi.status") is not null),
            $"the FinishJob span of {jobId}", TimeSpan.FromSeconds(10));
        return capture.SpansOf(jobId);
    }
}
