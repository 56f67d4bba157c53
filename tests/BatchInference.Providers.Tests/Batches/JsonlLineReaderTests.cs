using System.Text;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

public sealed class JsonlLineReaderTests
{
    [Fact]
    public async Task ReadLinesAsync_MixedEndingsBlankLinesAndNoFinalNewline_YieldsEachLine()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}\r\n\n  \n{\"b\":\"\u00e9\"}\n{\"c\":3}"));

        var lines = await Read(stream);

        Assert.Equal(["{\"a\":1}", "{\"b\":\"\u00e9\"}", "{\"c\":3}"], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_LinesLongerThanTheReadBuffer_AreWhole()
    {
        var longLine = "{\"x\":\"" + new string('z', 200_000) + "\"}";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(longLine + "\n" + longLine + "\n"), chunk: 1000);

        var lines = await Read(stream);

        Assert.Equal([longLine, longLine], lines);
    }

    [Fact]
    public async Task ReadLinesAsync_Empty_YieldsNothing() => Assert.Empty(await Read(new MemoryStream()));

    private static async Task<List<string>> Read(Stream stream)
    {
        var lines = new List<string>();
        await foreach (var line in JsonlLineReader.ReadLinesAsync(stream))
        {
            lines.Add(Encoding.UTF8.GetString(line));
        }

        return lines;
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
