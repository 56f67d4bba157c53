using System.Buffers;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class DictionaryIndexEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(256, 8)]
    [InlineData(257, 9)]
    public void BitWidth_DictionarySize_IsSmallestWidthHoldingEveryId(int size, int expected) =>
        Assert.Equal(expected, DictionaryIndexEncoder.BitWidth(size));

    [Fact]
    public void Encode_ZeroToSevenWidthThree_MatchesTheSpecExample()
    {
        // Encodings.md, bit-packing: 0..7 with bit width 3 pack to 10001000 11000110 11111010.
        Assert.Equal(new byte[] { 3, (1 << 1) | 1, 0x88, 0xC6, 0xFA }, Encode([0, 1, 2, 3, 4, 5, 6, 7], 3));
    }

    [Fact]
    public void Encode_LongRun_IsOneRleRun()
    {
        // Header = varint(run length << 1) = varint(200), then the value in ceil(width / 8) bytes, little-endian.
        Assert.Equal(new byte[] { 9, 0xC8, 0x01, 0x2C, 0x01 }, Encode([.. Enumerable.Repeat(300, 100)], 9));
    }

    [Fact]
    public void Encode_RunAfterUnalignedValues_PadsTheBitPackedGroupThenRle()
    {
        // 3 distinct ids, then 13 × id 1: the first 5 ones complete the group of 8, the other 8 are an RLE run.
        int[] ids = [0, 2, 3, .. Enumerable.Repeat(1, 13)];

        var bytes = Encode(ids, 2);

        // Group 0,2,3,1,1,1,1,1 at width 2, LSB first: 0b11_10_00 = 0x38 | (1 << 6) = 0x78; then 0b01010101 = 0x55.
        Assert.Equal(new byte[] { 2, 0x03, 0x78, 0x55, 8 << 1, 0x01 }, bytes);
    }

    [Fact]
    public void Encode_ShortTail_PadsTheLastGroupWithZeros()
    {
        Assert.Equal(new byte[] { 1, 0x03, 0b101 }, Encode([1, 0, 1], 1));
    }

    [Fact]
    public void Encode_MoreThan63Groups_SplitsBitPackedRuns()
    {
        int[] ids = [.. Enumerable.Range(0, 64 * 8).Select(i => i % 2)];

        var bytes = Encode(ids, 1);

        // 63 groups (63 bytes of 0b10101010), then 1 group.
        Assert.Equal(1 + 1 + 63 + 1 + 1, bytes.Length);
        Assert.Equal((63 << 1) | 1, bytes[1]);
        Assert.Equal((1 << 1) | 1, bytes[65]);
        Assert.All(bytes.Skip(2).Take(63).Append(bytes[66]), b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void Encode_BitWidthOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode([0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode([0], 33));
    }

    private static byte[] Encode(int[] ids, int bitWidth)
    {
        var output = new ArrayBufferWriter<byte>();
        DictionaryIndexEncoder.Encode(ids, bitWidth, output);
        return output.WrittenSpan.ToArray();
    }
}
