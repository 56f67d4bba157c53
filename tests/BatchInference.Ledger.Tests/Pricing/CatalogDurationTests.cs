using BatchInference.Ledger.Pricing;

namespace BatchInference.Ledger.Tests.Pricing;

public sealed class CatalogDurationTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("15s", 0, 0, 15, 0)]
    [InlineData("30m", 0, 30, 0, 0)]
    [InlineData("1.5h", 1, 30, 0, 0)]
    [InlineData("24h", 24, 0, 0, 0)]
    [InlineData("1d", 24, 0, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    public void TryParse_NumberAndUnit_ReadsTheDuration(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(CatalogDuration.TryParse(text, out var duration));

        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("h")]
    [InlineData("4x")]
    [InlineData("-1h")]
    [InlineData("4 h")]
    [InlineData(".5h")]
    [InlineData("1.2.3h")]
    [InlineData("4H")]
    [InlineData("400d")]
    [InlineData("PT4H")]
    public void TryParse_NotADuration_IsRejected(string? text)
    {
        Assert.False(CatalogDuration.TryParse(text, out _));
    }
}
