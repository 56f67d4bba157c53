using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class CompletionWindowFormatTests
{
    [Theory]
    [InlineData("90s", 0, 1, 30)]
    [InlineData("30m", 0, 30, 0)]
    [InlineData("4h", 4, 0, 0)]
    [InlineData("24h", 24, 0, 0)]
    [InlineData("72h", 72, 0, 0)]
    [InlineData("2d", 48, 0, 0)]
    [InlineData("365d", 8760, 0, 0)]
    public void TryParse_ValidWindow_ReturnsTheDuration(string text, int hours, int minutes, int seconds)
    {
        Assert.True(CompletionWindowFormat.TryParse(text, out var window));
        Assert.Equal(new TimeSpan(hours, minutes, seconds), window);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("24")]
    [InlineData("0h")]
    [InlineData("04h")]
    [InlineData("-4h")]
    [InlineData("+4h")]
    [InlineData("4 h")]
    [InlineData(" 4h")]
    [InlineData("4H")]
    [InlineData("1.5h")]
    [InlineData("4w")]
    [InlineData("4hours")]
    [InlineData("PT4H")]
    [InlineData("366d")]
    [InlineData("99999999999d")]
    [InlineData("٤h")]
    public void TryParse_InvalidWindow_ReturnsFalse(string? text)
    {
        Assert.False(CompletionWindowFormat.TryParse(text, out _));
    }
}
