using System.Text;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class UnpricedBudgetSettingTests
{
    [Fact]
    public void Parse_NoSetting_Estimates()
    {
        Assert.Equal(UnpricedBudgetPolicy.Estimate, JobSettingsParser.Parse(null).Settings!.UnpricedBudget);
    }

    [Theory]
    [InlineData("exclude", UnpricedBudgetPolicy.Exclude)]
    [InlineData("EXCLUDE", UnpricedBudgetPolicy.Exclude)]
    [InlineData("estimate", UnpricedBudgetPolicy.Estimate)]
    public void Parse_Metadata_IsRead(string value, UnpricedBudgetPolicy expected)
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["unpriced_budget"] = value });

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(expected, result.Settings!.UnpricedBudget);
    }

    [Fact]
    public void Parse_Sidecar_WinsOverMetadata()
    {
        var result = JobSettingsParser.Parse(
            new Dictionary<string, string> { ["unpriced_budget"] = "estimate" },
            Encoding.UTF8.GetBytes("""{"unknown_model": "run_unpriced", "unpriced_budget": "exclude"}"""));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(UnpricedBudgetPolicy.Exclude, result.Settings!.UnpricedBudget);
    }

    [Theory]
    [InlineData("""{"unpriced_budget": "ignore"}""")]
    [InlineData("""{"unpriced_budget": 0}""")]
    public void Parse_InvalidSidecarValue_NamesTheChoices(string sidecar)
    {
        var result = JobSettingsParser.Parse(null, Encoding.UTF8.GetBytes(sidecar));

        Assert.False(result.Succeeded);
        Assert.Contains("unpriced_budget", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains(UnpricedBudgetPolicyNames.Expected, result.FailureReason, StringComparison.Ordinal);
    }
}
