using System.Buffers;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class SegmentedBufferTests
{
    [Fact]
    public async Task CopyToAsync_WritesOfMixedSizes_ReturnsTheBytesInOrder()
    {
        var buffer = new SegmentedBuffer();
        var expected = Fill(buffer, seed: 1, writes: 300, maxWrite: 40_000);

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.Equal(expected, await ContentAsync(buffer));
    }

    [Fact]
    public async Task Reset_ThenWriteAgain_ReusesSegmentsAndHoldsOnlyTheNewBytes()
    {
        var buffer = new SegmentedBuffer();
        Fill(buffer, seed: 2, writes: 8, maxWrite: 3_000_000);
        buffer.Reset();

        var expected = Fill(buffer, seed: 3, writes: 200, maxWrite: 50_000);

        Assert.Equal(expected, await ContentAsync(buffer));
    }

    [Fact]
    public void Advance_BeyondTheSpanHandedOut_Throws()
    {
        var buffer = new SegmentedBuffer();
        var available = buffer.GetSpan(10).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(available + 1));
    }

    private static byte[] Fill(SegmentedBuffer buffer, int seed, int writes, int maxWrite)
    {
        var random = new Random(seed);
        using var all = new MemoryStream();
        for (var i = 0; i < writes; i++)
        {
            var chunk = new byte[random.Next(maxWrite)];
            random.NextBytes(chunk);
            if (i % 2 == 0)
            {
                buffer.Write(chunk);
            }
            else
            {
                // GetSpan with a size hint must hand out at least that much contiguous space.
                var span = buffer.GetSpan(chunk.Length);
                Assert.True(span.Length >= chunk.Length);
                chunk.CopyTo(span);
                buffer.Advance(chunk.Length);
            }

            all.Write(chunk);
        }

        return all.ToArray();
    }

    private static async Task<byte[]> ContentAsync(SegmentedBuffer buffer)
    {
        using var output = new MemoryStream();
        await buffer.CopyToAsync(output, CancellationToken.None);
        return output.ToArray();
    }
}
