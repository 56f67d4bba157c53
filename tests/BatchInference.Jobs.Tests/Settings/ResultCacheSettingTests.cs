using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Messages;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class ResultCacheSettingTests
{
    [Fact]
    public void Parse_NoSetting_IsOffWithTheDefaultTtl()
    {
        var settings = JobSettingsParser.Parse(null).Settings!;

        Assert.Equal(ResultCacheMode.Off, settings.ResultCache);
        Assert.Null(settings.ResultCacheTtl);
        Assert.Equal(TimeSpan.FromDays(7), JobSettings.DefaultResultCacheTtl);
    }

    [Theory]
    [InlineData("exact", ResultCacheMode.Exact)]
    [InlineData("EXACT_ANY", ResultCacheMode.ExactAny)]
    [InlineData("off", ResultCacheMode.Off)]
    public void Parse_Metadata_IsRead(string value, ResultCacheMode expected)
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["result_cache"] = value, ["result_cache_ttl"] = "12h" });

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(expected, result.Settings!.ResultCache);
        Assert.Equal(TimeSpan.FromHours(12), result.Settings.ResultCacheTtl);
    }

    [Fact]
    public void Parse_Sidecar_WinsOverMetadata()
    {
        var result = JobSettingsParser.Parse(
            new Dictionary<string, string> { ["result_cache"] = "off" },
            Encoding.UTF8.GetBytes("""{"result_cache": "exact", "result_cache_ttl": "30d"}"""));

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ResultCacheMode.Exact, result.Settings!.ResultCache);
        Assert.Equal(TimeSpan.FromDays(30), result.Settings.ResultCacheTtl);
    }

    [Theory]
    [InlineData("""{"result_cache": "fuzzy"}""", "result_cache", ResultCacheModeNames.Expected)]
    [InlineData("""{"result_cache": true}""", "result_cache", ResultCacheModeNames.Expected)]
    [InlineData("""{"result_cache_ttl": "forever"}""", "result_cache_ttl", "followed by s, m, h or d")]
    [InlineData("""{"result_cache_ttl": 3600}""", "result_cache_ttl", "followed by s, m, h or d")]
    public void Parse_InvalidSidecarValue_NamesTheKeyAndTheChoices(string sidecar, string key, string expected)
    {
        var result = JobSettingsParser.Parse(null, Encoding.UTF8.GetBytes(sidecar));

        Assert.False(result.Succeeded);
        Assert.Contains(key, result.FailureReason, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidMetadataTtl_NamesTheKey()
    {
        var result = JobSettingsParser.Parse(new Dictionary<string, string> { ["result_cache_ttl"] = "0d" });

        Assert.False(result.Succeeded);
        Assert.Contains("result_cache_ttl", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsJson_WritesTheCacheSettings_TheParserReadsThemBack()
    {
        var settings = JobSettings.Default with { ResultCache = ResultCacheMode.ExactAny, ResultCacheTtl = TimeSpan.FromHours(36) };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            JobSettingsJson.Write(json, settings);
        }

        var parsed = JobSettingsParser.Parse(null, buffer.ToArray()).Settings!;

        Assert.True(JobSettingsJson.HasNonDefault(settings));
        Assert.Equal((ResultCacheMode.ExactAny, TimeSpan.FromHours(36)), (parsed.ResultCache, parsed.ResultCacheTtl));
    }
}
