namespace BatchInference.Emulator.Tests;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes() => new EmulatorOptions().Validate();

    [Theory]
    [InlineData("Host")]
    [InlineData("Port")]
    [InlineData("Latency")]
    [InlineData("LatencyJitter")]
    [InlineData("RequestsPerMinute")]
    [InlineData("TokensPerMinute")]
    [InlineData("RateLimitWindow")]
    [InlineData("ServerErrorRate")]
    [InlineData("RequiredApiKey")]
    public void Validate_InvalidSetting_ThrowsNamingIt(string setting)
    {
        var options = new EmulatorOptions();
        switch (setting)
        {
            case "Host": options.Host = "not a host"; break;
            case "Port": options.Port = 70000; break;
            case "Latency": options.Latency = TimeSpan.FromSeconds(-1); break;
            case "LatencyJitter": options.LatencyJitter = TimeSpan.FromSeconds(-1); break;
            case "RequestsPerMinute": options.RequestsPerMinute = -1; break;
            case "TokensPerMinute": options.TokensPerMinute = -1; break;
            case "RateLimitWindow": options.RateLimitWindow = TimeSpan.Zero; break;
            case "ServerErrorRate": options.ServerErrorRate = double.NaN; break;
            case "RequiredApiKey": options.RequiredApiKey = string.Empty; break;
        }

        var exception = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, exception.ParamName);
    }

    [Theory]
    [InlineData("BatchTimeScale")]
    [InlineData("BatchValidationTime")]
    [InlineData("BatchLinesPerSecond")]
    [InlineData("BatchFinalizationTime")]
    [InlineData("BatchCancelTime")]
    [InlineData("BatchExpireAfterFraction")]
    [InlineData("BatchMaxLines")]
    [InlineData("BatchMaxFileBytes")]
    [InlineData("AnthropicBatchMaxRequests")]
    [InlineData("AnthropicBatchMaxBytes")]
    [InlineData("FlexUnavailableRate")]
    public void Validate_InvalidBatchOrFlexSetting_ThrowsNamingIt(string setting)
    {
        var options = new EmulatorOptions();
        switch (setting)
        {
            case "BatchTimeScale": options.BatchTimeScale = 0; break;
            case "BatchValidationTime": options.BatchValidationTime = TimeSpan.FromSeconds(-1); break;
            case "BatchLinesPerSecond": options.BatchLinesPerSecond = double.PositiveInfinity; break;
            case "BatchFinalizationTime": options.BatchFinalizationTime = TimeSpan.FromSeconds(-1); break;
            case "BatchCancelTime": options.BatchCancelTime = TimeSpan.FromSeconds(-1); break;
            case "BatchExpireAfterFraction": options.BatchExpireAfterFraction = 1.5; break;
            case "BatchMaxLines": options.BatchMaxLines = 0; break;
            case "BatchMaxFileBytes": options.BatchMaxFileBytes = 0; break;
            case "AnthropicBatchMaxRequests": options.AnthropicBatchMaxRequests = 0; break;
            case "AnthropicBatchMaxBytes": options.AnthropicBatchMaxBytes = -1; break;
            case "FlexUnavailableRate": options.FlexUnavailableRate = -0.1; break;
        }

        var exception = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, exception.ParamName);
    }

    [Fact]
    public void Validate_Localhost_Passes() => new EmulatorOptions { Host = "localhost" }.Validate();
}
