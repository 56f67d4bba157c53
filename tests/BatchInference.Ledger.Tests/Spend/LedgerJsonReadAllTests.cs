using System.Text;
using System.Text.Json;
using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Tests.Spend;

// ReadAllAsync parses UTF-8 lines straight from the stream: what a line-by-line string reader accepted, it still
// accepts, and what a whole-line parse refused, it still refuses.
public sealed class LedgerJsonReadAllTests
{
    [Fact]
    public async Task ReadAllAsync_BomCrLfBlankLinesAndNoFinalNewline_ReadsEveryEntry()
    {
        var bytes = Concat([0xEF, 0xBB, 0xBF], Line(1), "\r\n"u8.ToArray(), "\n\r\n"u8.ToArray(), Line(2), "\n"u8.ToArray(), Line(3));

        var read = await ReadAllAsync(new MemoryStream(bytes));

        Assert.Equal([1L, 2L, 3L], read.Select(e => e.Line));
    }

    [Fact]
    public async Task ReadAllAsync_LinesLongerThanItsBufferAndComingInDribs_ReadsThemWhole()
    {
        var tags = new Dictionary<string, string> { ["note"] = new string('x', 200_000) };
        var bytes = Concat(Line(1, tags), "\n"u8.ToArray(), Line(2), "\n"u8.ToArray(), Line(3, tags), "\n"u8.ToArray());

        var read = await ReadAllAsync(new DribbleStream(bytes, chunk: 7_001));

        Assert.Equal([1L, 2L, 3L], read.Select(e => e.Line));
        Assert.Equal(200_000, read[2].Tags["note"].Length);
    }

    [Fact]
    public async Task ReadAllAsync_ManyLines_KeepsTheirOrder()
    {
        var bytes = Concat([.. Enumerable.Range(1, 3_000).SelectMany(i => Concat(Line(i), "\n"u8.ToArray()))]);

        var read = await ReadAllAsync(new DribbleStream(bytes, chunk: 4_096));

        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), read.Select(e => e.Line));
    }

    [Theory]
    [InlineData("{\"job_id\":\"j\"} {\"job_id\":\"k\"}")]
    [InlineData("not json")]
    [InlineData("   ")]
    [InlineData("null")]
    public async Task ReadAllAsync_LineThatIsNotOneEntry_Throws(string line)
    {
        var bytes = Concat(Line(1), "\n"u8.ToArray(), Encoding.UTF8.GetBytes(line), "\n"u8.ToArray());

        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAllAsync(new MemoryStream(bytes)));
    }

    private static async Task<List<LedgerEntry>> ReadAllAsync(Stream stream)
    {
        var read = new List<LedgerEntry>();
        await foreach (var entry in LedgerJson.ReadAllAsync(stream))
        {
            read.Add(entry);
        }

        return read;
    }

    private static byte[] Line(long line, Dictionary<string, string>? tags = null) => LedgerJson.ToLine(new LedgerEntry(
        "job_1", $"req-{line}", line, 1, "openai", "gpt-4.1-mini", "realtime", null, "openai/gpt-4.1-mini/realtime",
        10, 0, 5, 0, 0.00001m, 0.00001m, "USD", "v1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1),
        tags ?? new Dictionary<string, string>()));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    // Hands out at most `chunk` bytes per read, so lines straddle reads.
    private sealed class DribbleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
