using System.Text;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class UnknownModelSettingTests
{
    [Fact]
    public void Parse_NoSetting_Fails()
    {
        Assert.Equal(UnknownModelPolicy.Fail, JobSettingsParser.Parse(null).Settings!.UnknownModel);
    }

    [Theory]
    [InlineData("run_unpriced", UnknownModelPolicy.RunUnpriced)]
    [InlineData("RUN_UNPRICED", UnknownModelPolicy.RunUnpriced)]
    [InlineData("fail", UnknownModelPolicy.Fail)]
    public void Parse_Metadata_IsRead(string value, UnknownModelPolicy expected)
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["unknown_model"] = value });

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(expected, result.Settings!.UnknownModel);
    }

    [Fact]
    public void Parse_Sidecar_WinsOverMetadata()
    {
        var result = JobSettingsParser.Parse(
            new Dictionary<string, string> { ["unknown_model"] = "fail" }, Encoding.UTF8.GetBytes("""{"unknown_model": "run_unpriced"}"""));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(UnknownModelPolicy.RunUnpriced, result.Settings!.UnknownModel);
    }

    [Theory]
    [InlineData("""{"unknown_model": "guess"}""")]
    [InlineData("""{"unknown_model": true}""")]
    public void Parse_InvalidSidecarValue_NamesTheChoices(string sidecar)
    {
        var result = JobSettingsParser.Parse(null, Encoding.UTF8.GetBytes(sidecar));

        Assert.False(result.Succeeded);
        Assert.Contains("unknown_model", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains(UnknownModelPolicyNames.Expected, result.FailureReason, StringComparison.Ordinal);
    }
}
