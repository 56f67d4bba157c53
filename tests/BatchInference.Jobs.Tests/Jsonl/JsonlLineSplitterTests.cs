using System.Text;
using BatchInference.Jobs.Jsonl;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Jsonl;

public sealed class JsonlLineSplitterTests
{
    private static async Task<List<string>> SplitAsync(string text, int maxLineBytes, int initialBuffer, int maxBytesPerRead)
    {
        using var splitter = new JsonlLineSplitter(new TrickleStream(Encoding.UTF8.GetBytes(text), maxBytesPerRead), maxLineBytes, initialBuffer);
        var lines = new List<string>();
        while (await splitter.ReadLineAsync())
        {
            lines.Add(splitter.OversizeLength > 0 ? $"<oversize {splitter.OversizeLength}>" : Encoding.UTF8.GetString(splitter.CurrentLine));
        }

        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadLineAsync_AnyReadChunking_YieldsTheSameLines(int maxBytesPerRead)
    {
        var lines = await SplitAsync("alpha\r\nbeta\n\r\n\ngamma-delta-epsilon\r\nlast", 64, initialBuffer: 4, maxBytesPerRead);

        Assert.Equal(["alpha", "beta", "", "", "gamma-delta-epsilon", "last"], lines);
    }

    [Fact]
    public async Task ReadLineAsync_LineLongerThanTheLimit_IsSkippedAndReportedWithItsLength()
    {
        var lines = await SplitAsync($"ok\n{new string('x', 100)}\nafter\n{new string('y', 50)}", 20, initialBuffer: 8, maxBytesPerRead: 9);

        Assert.Equal(["ok", "<oversize 100>", "after", "<oversize 50>"], lines);
    }

    [Fact]
    public async Task ReadLineAsync_LoneCarriageReturnInsideALine_IsKept()
    {
        var lines = await SplitAsync("a\rb\n\r", 10, initialBuffer: 4, maxBytesPerRead: 3);

        Assert.Equal(["a\rb", ""], lines);
    }

    [Fact]
    public async Task ReadLineAsync_EmptyStream_ReturnsFalse()
    {
        Assert.Empty(await SplitAsync("", 10, initialBuffer: 4, maxBytesPerRead: 3));
    }

    [Fact]
    public async Task BytesRead_AfterTheLastLine_EqualsTheInputLength()
    {
        var data = Encoding.UTF8.GetBytes($"a\n{new string('z', 40)}\nb");
        using var splitter = new JsonlLineSplitter(new TrickleStream(data, 5), 10, 4);
        while (await splitter.ReadLineAsync())
        {
        }

        Assert.Equal(data.Length, splitter.BytesRead);
    }
}
