using BatchInference.Providers.RateLimiting;

namespace BatchInference.Providers.Tests.RateLimiting;

public sealed class ResetDurationTests
{
    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("59.856s", 59_856)]
    [InlineData("20ms", 20)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("2", 2000)]
    [InlineData("0.5", 500)]
    public void Parse_GoDurationOrSeconds_ReturnsDuration(string value, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ResetDuration.Parse(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("s")]
    public void Parse_Invalid_ReturnsNull(string? value) => Assert.Null(ResetDuration.Parse(value));
}
