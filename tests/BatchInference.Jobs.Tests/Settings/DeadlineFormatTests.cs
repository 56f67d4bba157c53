using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Tests.Settings;

public sealed class DeadlineFormatTests
{
    [Theory]
    [InlineData("2026-11-23T06:00:00Z")]
    [InlineData("2026-11-23T06:00Z")]
    [InlineData("2026-11-23T06:00:00.000Z")]
    [InlineData("2026-11-23T07:00:00+01:00")]
    [InlineData("2026-11-23T01:00:00-05:00")]
    [InlineData("2026-11-23T07:00+01:00")]
    public void TryParse_Iso8601WithOffset_ReturnsTheInstantInUtc(string text)
    {
        Assert.True(DeadlineFormat.TryParse(text, out var deadline));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), deadline);
        Assert.Equal(TimeSpan.Zero, deadline.Offset);
    }

    [Fact]
    public void TryParse_FractionalSeconds_AreKept()
    {
        Assert.True(DeadlineFormat.TryParse("2026-11-23T06:00:00.25Z", out var deadline));
        Assert.Equal(250, deadline.Millisecond);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-11-23T06:00:00")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23 06:00:00Z")]
    [InlineData("23/11/2026 06:00")]
    [InlineData("tomorrow")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-11-23T06:00:00z")]
    public void TryParse_NotIso8601WithOffset_ReturnsFalse(string? text)
    {
        Assert.False(DeadlineFormat.TryParse(text, out _));
    }
}
