using System.Text.Json.Nodes;
using BatchInference.Api.Auth;
using BatchInference.Api.Batches;
using BatchInference.Jobs.Settings;

namespace BatchInference.Api.Tests.Batches;

public sealed class BatchMetadataTests
{
    [Fact]
    public void ToSettings_OurKeys_TheJobSettingsTheEngineReads()
    {
        var metadata = new Dictionary<string, string>
        {
            ["bi_deadline"] = "2026-12-07T06:00:00Z",
            ["bi_budget_usd"] = "12.5",
            ["bi_tier_policy"] = "flex",
            ["bi_tags"] = "project=backfill, env = prod",
            ["bi_cache_hints"] = "auto",
            ["bi_result_cache"] = "exact",
            ["bi_result_cache_ttl"] = "2d",
            ["unrelated"] = "kept for the client only",
        };

        var (json, error, _) = BatchMetadata.ToSettings("4h", metadata, new ApiCaller("search", new Dictionary<string, string>()));
        var settings = JobSettingsParser.Parse(null, json).Settings!;

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Equal(TimeSpan.FromHours(4), settings.CompletionWindow);
        Assert.Equal(12.5m, settings.BudgetUsd);
        Assert.Equal(TierPolicy.Flex, settings.TierPolicy);
        Assert.Equal(CacheHintsPolicy.Auto, settings.CacheHints);
        Assert.Equal((ResultCacheMode.Exact, TimeSpan.FromDays(2)), (settings.ResultCache, settings.ResultCacheTtl));
        Assert.Equal(new Dictionary<string, string> { ["project"] = "backfill", ["env"] = "prod", ["team"] = "search" }, settings.Tags);
    }

    [Fact]
    public void ToSettings_TeamTags_WinOverTheBatchsOwn()
    {
        var metadata = new Dictionary<string, string> { ["bi_tags"] = "team=someone-else,cost_center=1" };
        var caller = new ApiCaller("search", new Dictionary<string, string> { ["cost_center"] = "42" });

        var (json, _, _) = BatchMetadata.ToSettings("24h", metadata, caller);
        var tags = JsonNode.Parse(json)!["tags"]!;

        Assert.Equal("search", tags["team"]!.GetValue<string>());
        Assert.Equal("42", tags["cost_center"]!.GetValue<string>());
    }

    [Fact]
    public void ToSettings_WebhookUrlAlone_AJobWebhookForOpenAIsBatchEvents()
    {
        var metadata = new Dictionary<string, string> { ["bi_webhook_url"] = "https://hooks.example.com/bi?token=x" };

        var (json, _, _) = BatchMetadata.ToSettings("24h", metadata, new ApiCaller("search", new Dictionary<string, string>()));
        var webhook = Assert.Single(JobSettingsParser.Parse(null, json).Settings!.Webhooks);

        Assert.Equal("https://hooks.example.com/bi?token=x", webhook.Url);
        Assert.Equal(["batch.completed", "batch.failed", "batch.expired", "batch.cancelled"], webhook.Events);
    }

    [Fact]
    public void ToSettings_WebhookEventsListed_ThoseEventsAndAnUnknownOneIsRefusedByTheParser()
    {
        var caller = new ApiCaller("search", new Dictionary<string, string>());
        var (json, _, _) = BatchMetadata.ToSettings(
            "24h", new Dictionary<string, string> { ["bi_webhook_url"] = "https://h.example.com/", ["bi_webhook_events"] = "batch.failed, job.completed" }, caller);
        var (bad, _, _) = BatchMetadata.ToSettings(
            "24h", new Dictionary<string, string> { ["bi_webhook_url"] = "https://h.example.com/", ["bi_webhook_events"] = "batch.done" }, caller);

        Assert.Equal(["batch.failed", "job.completed"], Assert.Single(JobSettingsParser.Parse(null, json).Settings!.Webhooks).Events);
        Assert.Equal("notify.webhooks[0].events", Assert.Single(JobSettingsParser.Parse(null, bad).Errors).Field);
    }
}
