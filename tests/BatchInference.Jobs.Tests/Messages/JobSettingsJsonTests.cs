using BatchInference.Jobs.Messages;

namespace BatchInference.Jobs.Tests.Messages;

public sealed class JobSettingsJsonTests
{
    [Theory]
    [InlineData(2 * 86400, "2d")]
    [InlineData(36 * 3600, "36h")]
    [InlineData(90 * 60, "90m")]
    [InlineData(45, "45s")]
    [InlineData(86400 + 1, "86401s")]
    public void FormatWindow_WholeSeconds_UsesTheLargestExactUnit(int seconds, string expected)
    {
        Assert.Equal(expected, JobSettingsJson.FormatWindow(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void FormatWindow_NotPositive_Throws(int seconds)
    {
        Assert.Throws<ArgumentException>(() => JobSettingsJson.FormatWindow(TimeSpan.FromSeconds(seconds)));
    }
}
