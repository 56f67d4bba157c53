using BatchInference.Cli.Composition;
using BatchInference.Jobs.Settings;

namespace BatchInference.Cli.Tests.Composition;

public sealed class SidecarSettingsTests
{
    [Fact]
    public void Build_NoFlags_ReturnsNull() =>
        Assert.Null(SidecarSettings.Build(null, null, null, []));

    [Fact]
    public void Build_EveryFlag_JobSettingsParserReadsBackEachValue()
    {
        var sidecar = SidecarSettings.Build("2026-11-23T06:00:00Z", null, 12.5m, ["team=search", "project=night-enrichment"]);

        var settings = ParseAsRunnerDoes(sidecar);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Null(settings.CompletionWindow);
        Assert.Equal(12.5m, settings.BudgetUsd);
        Assert.Equal(
            new Dictionary<string, string> { ["team"] = "search", ["project"] = "night-enrichment" },
            settings.Tags.ToDictionary());
    }

    [Fact]
    public void WithUnknownModelAndUnpricedBudget_JobSettingsParserReadsBackBothAndTheBudget()
    {
        var sidecar = SidecarSettings.WithUnpricedBudget(
            SidecarSettings.WithUnknownModel(SidecarSettings.Build(null, null, 3m, []), "run_unpriced"), "exclude");

        var settings = ParseAsRunnerDoes(sidecar);
        Assert.Equal((UnknownModelPolicy.RunUnpriced, UnpricedBudgetPolicy.Exclude, (decimal?)3m), (settings.UnknownModel, settings.UnpricedBudget, settings.BudgetUsd));
    }

    [Fact]
    public void Build_DeadlineAndCompletionWindow_RefusesThemTogether()
    {
        // The engine would silently pick the deadline.
        var error = Assert.Throws<ArgumentException>(() => SidecarSettings.Build("2026-11-23T06:00:00Z", "4h", null, []));

        Assert.Contains("--deadline and --completion-window", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RepeatedTagKey_RefusesItInsteadOfKeepingTheLast()
    {
        var error = Assert.Throws<ArgumentException>(() => SidecarSettings.Build(null, null, null, ["team=a", "project=p", "team=b"]));

        Assert.Contains("--tag key 'team' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("72h", 72 * 3600)]
    public void Build_CompletionWindowOnly_ParsesToThatWindowAndNothingElse(string window, int seconds)
    {
        var settings = ParseAsRunnerDoes(SidecarSettings.Build(null, window, null, []));

        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.CompletionWindow);
        Assert.Null(settings.Deadline);
        Assert.Null(settings.BudgetUsd);
        Assert.Empty(settings.Tags);
    }

    [Fact]
    public void Build_DeadlineWithOffset_ParsesToTheSameInstantInUtc()
    {
        var settings = ParseAsRunnerDoes(SidecarSettings.Build("2026-11-23T08:00:00+02:00", null, null, []));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), settings.Deadline);
        Assert.Equal(TimeSpan.Zero, settings.Deadline!.Value.Offset);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("1000000")]
    [InlineData("0.000001")]
    public void Build_BudgetOnly_ParsesToTheExactDecimal(string budget)
    {
        var amount = decimal.Parse(budget, System.Globalization.CultureInfo.InvariantCulture);

        var settings = ParseAsRunnerDoes(SidecarSettings.Build(null, null, amount, []));

        Assert.Equal(amount, settings.BudgetUsd);
    }

    [Fact]
    public void Build_TagValueContainingEquals_KeepsEverythingAfterTheFirstEquals()
    {
        var settings = ParseAsRunnerDoes(SidecarSettings.Build(null, null, null, ["query=a=b", "empty="]));

        Assert.Equal("a=b", settings.Tags["query"]);
        Assert.Equal(string.Empty, settings.Tags["empty"]);
    }

    [Fact]
    public void Build_TagWithQuotesAndUnicode_SurvivesAsJson()
    {
        var settings = ParseAsRunnerDoes(SidecarSettings.Build(null, null, null, ["owner=Zoë \"the\" team\\x"]));

        Assert.Equal("Zoë \"the\" team\\x", settings.Tags["owner"]);
    }

    [Theory]
    [InlineData("team")]
    [InlineData("=search")]
    [InlineData("")]
    public void Build_MalformedTag_ThrowsArgumentExceptionNamingIt(string tag)
    {
        var ex = Assert.Throws<ArgumentException>(() => SidecarSettings.Build(null, "4h", null, ["ok=1", tag]));

        Assert.Contains($"'{tag}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("key=value", ex.Message, StringComparison.Ordinal);
    }

    // The job runner reads a sidecar exactly like this (metadata aside); unknown keys are errors there, so a
    // successful parse also proves the field names are the snake_case ones it expects.
    private static JobSettings ParseAsRunnerDoes(byte[]? sidecar)
    {
        Assert.NotNull(sidecar);
        var result = JobSettingsParser.Parse(metadata: null, sidecar);
        Assert.True(result.Succeeded, result.FailureReason);
        return result.Settings!;
    }
}
