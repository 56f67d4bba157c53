using System.Text.Json;
using BatchInference.Jobs.Summary;

namespace BatchInference.Jobs.Tests.Summary;

public sealed class JobSummaryTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static JobSummary Sample() => new()
    {
        JobId = "job-1",
        Status = JobSummaryStatus.CompletedWithErrors,
        CreatedAt = Created,
        StartedAt = Created.AddMinutes(1),
        FinishedAt = Created.AddHours(3),
        Deadline = Created.AddHours(24),
        DeadlineMet = true,
        Counts = new JobLineCounts { Total = 10, Succeeded = 7, Failed = 1, Invalid = 2 },
        Tokens = new JobTokenCounts { Input = 1000, CachedInput = 200, Output = 300, Reasoning = 50 },
        Cost = new JobCost { ListUsd = 0.0123m, EffectiveUsd = 0.00615m, SavingsUsd = 0.00615m, UnpricedLines = 3, UnpricedModels = new Dictionary<string, long> { ["my-fine-tune-7b"] = 3 } },
        Tiers = new Dictionary<string, long> { ["batch"] = 6, ["realtime"] = 1 },
        Models = new Dictionary<string, long> { ["gpt-4o-mini"] = 5, ["Claude_Sonnet"] = 2 },
        Source = "jobs/incoming/a.jsonl",
    };

    [Fact]
    public void Serialize_WithCacheHints_ListsTheChangesAndReadsBack()
    {
        var summary = Sample() with { CacheHints = new JobCacheHints { PromptCacheKeyLines = 4, CacheControlLines = 3 } };

        var json = JsonSerializer.Serialize(summary, JobSummaryJsonContext.Default.JobSummary);
        var hints = JsonDocument.Parse(json).RootElement.GetProperty("cache_hints");

        Assert.Equal(["prompt_cache_key_lines", "cache_control_lines"], hints.EnumerateObject().Select(p => p.Name));
        Assert.Equal((4, 3), (hints.GetProperty("prompt_cache_key_lines").GetInt64(), hints.GetProperty("cache_control_lines").GetInt64()));
        Assert.Equal(summary.CacheHints, JsonSerializer.Deserialize(json, JobSummaryJsonContext.Default.JobSummary)!.CacheHints);
    }

    [Fact]
    public void Serialize_Summary_UsesSnakeCaseNamesAndContractValues()
    {
        var json = JsonSerializer.Serialize(Sample(), JobSummaryJsonContext.Default.JobSummary);
        var root = JsonDocument.Parse(json).RootElement;

        Assert.Equal(
            ["job_id", "status", "failure_reason", "created_at", "started_at", "finished_at", "deadline", "deadline_met", "counts", "tokens", "cost", "tiers", "models", "source", "eta"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("completed_with_errors", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("failure_reason").ValueKind);
        Assert.Equal("2026-11-22T06:00:00+00:00", root.GetProperty("created_at").GetString());
        Assert.Equal(["total", "succeeded", "failed", "invalid"], root.GetProperty("counts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["input", "cached_input", "output", "reasoning"], root.GetProperty("tokens").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["list_usd", "effective_usd", "savings_usd", "savings_by_lever", "result_cache_hits", "unknown_outcome_calls", "unknown_outcome_max_usd", "unpriced_lines", "unpriced_models"],
            root.GetProperty("cost").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["tier_usd", "prompt_cache_usd", "result_cache_usd"], root.GetProperty("cost").GetProperty("savings_by_lever").EnumerateObject().Select(p => p.Name));
        Assert.Equal("0.00615", root.GetProperty("cost").GetProperty("effective_usd").GetRawText());
        Assert.Equal(["gpt-4o-mini", "Claude_Sonnet"], root.GetProperty("models").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Deserialize_SerializedSummary_RoundTrips()
    {
        var original = Sample();

        var copy = JsonSerializer.Deserialize(JsonSerializer.Serialize(original, JobSummaryJsonContext.Default.JobSummary), JobSummaryJsonContext.Default.JobSummary)!;

        Assert.Equal(original with { Tiers = copy.Tiers, Models = copy.Models, Cost = original.Cost with { UnpricedModels = copy.Cost.UnpricedModels } }, copy);
        Assert.Equal(original.Cost.UnpricedModels, copy.Cost.UnpricedModels);
        Assert.Equal(original.Tiers, copy.Tiers);
        Assert.Equal(original.Models, copy.Models);
    }

    [Fact]
    public void Deserialize_SummaryWithoutSavingsByLever_ReadsAsZeros()
    {
        var json = JsonSerializer.Serialize(Sample(), JobSummaryJsonContext.Default.JobSummary);
        var old = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        old["cost"]!.AsObject().Remove("savings_by_lever");
        old["cost"]!.AsObject().Remove("result_cache_hits");

        var copy = JsonSerializer.Deserialize(old.ToJsonString(), JobSummaryJsonContext.Default.JobSummary)!;

        Assert.Equal(new JobSavingsByLever(), copy.Cost.SavingsByLever);
        Assert.Equal(0L, copy.Cost.ResultCacheHits);
    }

    [Fact]
    public void Deserialize_FailedStatusText_MapsToTheEnum()
    {
        const string json = """{"job_id":"j","status":"failed","failure_reason":"Input is empty.","created_at":"2026-11-22T06:00:00Z","deadline":"2026-11-23T06:00:00Z"}""";

        var summary = JsonSerializer.Deserialize(json, JobSummaryJsonContext.Default.JobSummary)!;

        Assert.Equal((JobSummaryStatus.Failed, "Input is empty."), (summary.Status, summary.FailureReason));
        Assert.Equal(0, summary.Counts.Total);
    }

    [Fact]
    public void Deserialize_MissingRequiredJobId_Throws()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"status":"failed","created_at":"2026-11-22T06:00:00Z","deadline":"2026-11-23T06:00:00Z"}""", JobSummaryJsonContext.Default.JobSummary));
    }

    [Theory]
    [InlineData(0, 0, null, JobSummaryStatus.Completed)]
    [InlineData(1, 0, null, JobSummaryStatus.CompletedWithErrors)]
    [InlineData(0, 1, null, JobSummaryStatus.CompletedWithErrors)]
    [InlineData(0, 0, "Over budget before start.", JobSummaryStatus.Failed)]
    public void StatusFor_Counts_GivesTheStatus(long failed, long invalid, string? reason, JobSummaryStatus expected)
    {
        Assert.Equal(expected, JobSummary.StatusFor(new JobLineCounts { Total = 5, Failed = failed, Invalid = invalid }, reason));
    }
}
