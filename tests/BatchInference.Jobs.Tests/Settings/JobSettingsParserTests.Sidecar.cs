using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

// The drop protocol's metadata side: what tells the engine not to wait for a sidecar.
public sealed class JobSettingsParserSidecarTests
{
    [Theory]
    [InlineData("sidecar", "none")]
    [InlineData("Sidecar", "NONE")]
    [InlineData("budget_usd", "5")]
    [InlineData("TAG_team", "search")]
    public void DeclaresSettings_SettingTagOrMarker_True(string key, string value)
    {
        Assert.True(JobSettingsParser.DeclaresSettings(new Dictionary<string, string> { ["other_tool"] = "x", [key] = value }));
    }

    [Fact]
    public void DeclaresSettings_NothingOrOnlyForeignKeys_False()
    {
        Assert.False(JobSettingsParser.DeclaresSettings(null));
        Assert.False(JobSettingsParser.DeclaresSettings(new Dictionary<string, string>()));
        Assert.False(JobSettingsParser.DeclaresSettings(new Dictionary<string, string> { ["hdi_isfolder"] = "true", ["uploader"] = "etl" }));
    }

    [Fact]
    public void Parse_SidecarMarker_NoneIsAcceptedAnythingElseIsAnError()
    {
        Assert.True(JobSettingsParser.Parse(new Dictionary<string, string> { ["sidecar"] = " None " }).Succeeded);

        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["sidecar"] = "later" });

        Assert.False(result.Succeeded);
        Assert.Contains("sidecar", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("\"none\"", result.FailureReason, StringComparison.Ordinal);
    }
}
