using System.Text;
using BatchInference.Api.Files;

namespace BatchInference.Api.Tests.Files;

public sealed class LineCountTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("{}", 1)]
    [InlineData("{}\n", 1)]
    [InlineData("{}\r\n{}\r\n", 2)]
    [InlineData("{}\n\n  \n{}", 2)]
    [InlineData("\n\n", 0)]
    public async Task CountAsync_NonBlankLines(string text, long expected) =>
        Assert.Equal(expected, await LineCount.CountAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), long.MaxValue, default));

    [Fact]
    public async Task CountAsync_PastTheLimit_StopsAboveIt()
    {
        var text = string.Concat(Enumerable.Repeat("{}\n", 1_000));

        var counted = await LineCount.CountAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), stopAfter: 10, default);

        Assert.Equal(11, counted);
    }
}
