using System.Text;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class CacheHintsSettingTests
{
    [Fact]
    public void Parse_NoSetting_Off()
    {
        Assert.Equal(CacheHintsPolicy.Off, JobSettingsParser.Parse(null).Settings!.CacheHints);
    }

    [Theory]
    [InlineData("auto", CacheHintsPolicy.Auto)]
    [InlineData("AUTO", CacheHintsPolicy.Auto)]
    [InlineData("off", CacheHintsPolicy.Off)]
    public void Parse_Metadata_IsRead(string value, CacheHintsPolicy expected)
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["cache_hints"] = value });

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(expected, result.Settings!.CacheHints);
        Assert.True(JobSettingsParser.DeclaresSettings(new Dictionary<string, string> { ["cache_hints"] = value }));
    }

    [Fact]
    public void Parse_Sidecar_WinsOverMetadata()
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["cache_hints"] = "off" }, Encoding.UTF8.GetBytes("""{"cache_hints": "auto"}"""));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(CacheHintsPolicy.Auto, result.Settings!.CacheHints);
    }

    [Theory]
    [InlineData("""{"cache_hints": "on"}""")]
    [InlineData("""{"cache_hints": true}""")]
    public void Parse_InvalidSidecarValue_NamesTheKeyAndTheChoices(string sidecar)
    {
        var result = JobSettingsParser.Parse(null, Encoding.UTF8.GetBytes(sidecar));

        Assert.False(result.Succeeded);
        Assert.Contains("cache_hints", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains(CacheHintsPolicyNames.Expected, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidMetadataValue_NamesTheKey()
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["cache_hints"] = "always" });

        Assert.False(result.Succeeded);
        Assert.Contains("metadata: cache_hints", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void JobMessage_CacheHintsAuto_RoundTrips()
    {
        var message = new JobMessage("m-1", JobMessageInput.Blob("jobs", "a.jsonl"), JobSettings.Default with { CacheHints = CacheHintsPolicy.Auto });

        var parsed = JobMessageParser.Parse(JobMessageWriter.Write(message));

        Assert.Equal(CacheHintsPolicy.Auto, parsed.Message!.Settings.CacheHints);
    }
}
