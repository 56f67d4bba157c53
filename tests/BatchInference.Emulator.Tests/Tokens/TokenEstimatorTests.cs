using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Tests.Tokens;

public sealed class TokenEstimatorTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("The quick brown fox jumps over the lazy dog.", 11)]
    public void CountText_Text_AboutFourCharactersPerToken(string text, int expected) =>
        Assert.Equal(expected, TokenEstimator.CountText(text));

    [Fact]
    public void Truncate_LongerThanLimit_KeepsTheFirstTokens()
    {
        Assert.Equal("abcdefgh", TokenEstimator.Truncate("abcdefghijkl", 2));
        Assert.Equal("abc", TokenEstimator.Truncate("abc", 2));
    }
}
