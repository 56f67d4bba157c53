using System.Text;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class JobSettingsParserTests
{
    private static JobSettingsResult Parse(Dictionary<string, string>? metadata, string? sidecar = null) =>
        sidecar is null ? JobSettingsParser.Parse(metadata) : JobSettingsParser.Parse(metadata, Encoding.UTF8.GetBytes(sidecar));

    private static JobSettings Valid(Dictionary<string, string>? metadata, string? sidecar = null)
    {
        var result = Parse(metadata, sidecar);
        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Null(result.FailureReason);
        return result.Settings!;
    }

    [Fact]
    public void Parse_NoSources_ReturnsDefaults()
    {
        foreach (var settings in new[] { Valid(null), Valid([]), Valid([], "{}") })
        {
            Assert.Equal(JobSettings.Default with { Tags = settings.Tags }, settings);
            Assert.Empty(settings.Tags);
        }
    }

    [Fact]
    public void Parse_EveryMetadataKey_IsRead()
    {
        var settings = Valid(new()
        {
            ["deadline"] = "2026-11-23T06:00:00Z",
            ["completion_window"] = "4h",
            ["budget_usd"] = "12.50",
            ["tier_policy"] = "flex",
            ["allowed_providers"] = "openai, azure-openai,,anthropic",
            ["allowed_regions"] = "eastus,westeurope",
            ["priority"] = "-3",
            ["tag_team"] = "search",
            ["tag_project"] = "ranker",
        });

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Equal(TimeSpan.FromHours(4), settings.CompletionWindow);
        Assert.Equal(12.50m, settings.BudgetUsd);
        Assert.Equal(TierPolicy.Flex, settings.TierPolicy);
        Assert.Equal(["openai", "azure-openai", "anthropic"], settings.AllowedProviders);
        Assert.Equal(["eastus", "westeurope"], settings.AllowedRegions);
        Assert.Equal(-3, settings.Priority);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["project"] = "ranker" }, settings.Tags);
    }

    [Fact]
    public void Parse_MetadataKeysInOtherCaseAndPaddedValues_AreAccepted()
    {
        var settings = Valid(new() { ["Completion_Window"] = " 30m ", ["TIER_POLICY"] = "Batch" });

        Assert.Equal(TimeSpan.FromMinutes(30), settings.CompletionWindow);
        Assert.Equal(TierPolicy.Batch, settings.TierPolicy);
    }

    [Fact]
    public void Parse_UnknownMetadataKeys_AreIgnored()
    {
        var settings = Valid(new() { ["hdi_isfolder"] = "true", ["dedline"] = "whenever", ["budget_usd"] = "3" });

        Assert.Equal(3m, settings.BudgetUsd);
    }

    [Fact]
    public void Parse_EverySidecarKey_IsRead()
    {
        var settings = Valid(null, """
            {
              "deadline": "2026-11-23T08:00:00+02:00",
              "completion_window": "2d",
              "budget_usd": 12.5,
              "tier_policy": "spot",
              "allowed_providers": ["vllm-local", "openai"],
              "allowed_regions": ["swedencentral"],
              "priority": 7,
              "tags": {"team": "search", "cost-center": "42"}
            }
            """);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Equal(TimeSpan.FromDays(2), settings.CompletionWindow);
        Assert.Equal(12.5m, settings.BudgetUsd);
        Assert.Equal(TierPolicy.Spot, settings.TierPolicy);
        Assert.Equal(["vllm-local", "openai"], settings.AllowedProviders);
        Assert.Equal(["swedencentral"], settings.AllowedRegions);
        Assert.Equal(7, settings.Priority);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["cost-center"] = "42" }, settings.Tags);
    }

    [Fact]
    public void Parse_SidecarAndMetadata_SidecarOverridesPerFieldAndTagsMerge()
    {
        var settings = Valid(
            new()
            {
                ["completion_window"] = "72h",
                ["budget_usd"] = "100",
                ["tier_policy"] = "batch",
                ["allowed_regions"] = "eastus",
                ["tag_team"] = "search",
                ["tag_env"] = "dev",
            },
            """{"budget_usd": 5, "tier_policy": null, "tags": {"env": "prod"}}""");

        Assert.Equal(TimeSpan.FromHours(72), settings.CompletionWindow);
        Assert.Equal(5m, settings.BudgetUsd);
        Assert.Equal(TierPolicy.Batch, settings.TierPolicy);
        Assert.Equal(["eastus"], settings.AllowedRegions);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["env"] = "prod" }, settings.Tags);
    }

    [Fact]
    public void Parse_InvalidMetadata_ListsEveryProblem()
    {
        var result = Parse(new()
        {
            ["deadline"] = "2026-11-23T06:00:00",
            ["completion_window"] = "4 hours",
            ["budget_usd"] = "0",
            ["tier_policy"] = "cheapest",
            ["allowed_providers"] = "openai,open ai",
            ["priority"] = "high",
            ["tag_"] = "x",
        });

        Assert.False(result.Succeeded);
        Assert.Null(result.Settings);
        Assert.Equal(
            ["allowed_providers", "budget_usd", "completion_window", "deadline", "priority", "tag_", "tier_policy"],
            result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(JobSettingsError.MetadataSource, e.Source));
        Assert.Contains("\"4 hours\"", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("\"open ai\"", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("$5")]
    public void Parse_MetadataBudgetNotAPositiveDecimal_IsAnError(string budget)
    {
        var result = Parse(new() { ["budget_usd"] = budget });

        Assert.Equal("budget_usd", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_InvalidSidecar_ListsEveryProblemIncludingUnknownKeys()
    {
        var result = Parse(null, """
            {
              "dedline": "2026-11-23T06:00:00Z",
              "completion_window": "1.5h",
              "budget_usd": "12.5",
              "tier_policy": 3,
              "allowed_providers": "openai",
              "allowed_regions": ["eastus", 4],
              "priority": 1.5,
              "tags": {"team": 7},
              "budget_usd": 1
            }
            """);

        Assert.Equal(
            ["dedline", "completion_window", "budget_usd", "tier_policy", "allowed_providers", "allowed_regions", "priority", "tags.team", "budget_usd"],
            result.Errors.Select(e => e.Field));
        Assert.All(result.Errors, e => Assert.Equal(JobSettingsError.SidecarSource, e.Source));
        Assert.Contains("known settings", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("more than once", result.Errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorsInBothSources_AreAllReportedMetadataFirst()
    {
        var result = Parse(new() { ["priority"] = "x" }, """{"budget_usd": -1}""");

        Assert.Equal(
            [(JobSettingsError.MetadataSource, "priority"), (JobSettingsError.SidecarSource, "budget_usd")],
            result.Errors.Select(e => (e.Source, e.Field)));
        Assert.StartsWith("Invalid job settings: metadata: priority: ", result.FailureReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"deadline\": ")]
    public void Parse_SidecarNotAJsonObject_IsOneError(string sidecar)
    {
        var result = Parse(new() { ["budget_usd"] = "3" }, sidecar);

        Assert.Equal("$", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_SidecarWithUtf8Bom_IsRead()
    {
        var result = JobSettingsParser.Parse(null, [.. Encoding.UTF8.GetPreamble(), .. """{"priority": 2}"""u8]);

        Assert.Equal(2, result.Settings?.Priority);
    }

    [Fact]
    public void Parse_DuplicateNamesInLists_AreKeptOnce()
    {
        var settings = Valid(new() { ["allowed_regions"] = "eastus,EastUS,westus" });

        Assert.Equal(["eastus", "westus"], settings.AllowedRegions);
    }
}
