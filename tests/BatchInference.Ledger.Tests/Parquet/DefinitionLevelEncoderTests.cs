using System.Buffers;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Tests.Parquet;

// Expected bytes follow Encodings.md: RLE run header = count << 1 then the value in one byte (bit width 1);
// bit-packed header = groups-of-8 << 1 | 1 then the bits, least significant first.
public sealed class DefinitionLevelEncoderTests
{
    [Fact]
    public void Encode_AllDefined_WritesOneRleRun()
    {
        Assert.Equal(new byte[] { 0xC8, 0x01, 0x01 }, Encode(Enumerable.Repeat(true, 100)));
    }

    [Fact]
    public void Encode_AllNull_WritesOneRleRunOfZero()
    {
        Assert.Equal(new byte[] { 0x14, 0x00 }, Encode(Enumerable.Repeat(false, 10)));
    }

    [Fact]
    public void Encode_Alternating_WritesBitPackedGroups()
    {
        var levels = Enumerable.Range(0, 10).Select(i => i % 2 == 0);

        // 2 groups: 0b01010101, then 0b00000001 (values 8 and 9; padding bits zero).
        Assert.Equal(new byte[] { 0x05, 0x55, 0x01 }, Encode(levels));
    }

    [Fact]
    public void Encode_MixedThenLongRun_SwitchesFromBitPackedToRle()
    {
        var levels = new[] { true, false, true, false, true, false, true, false }.Concat(Enumerable.Repeat(true, 20));

        Assert.Equal(new byte[] { 0x03, 0x55, 0x28, 0x01 }, Encode(levels));
    }

    [Fact]
    public void Encode_MoreThan63MixedGroups_SplitsBitPackedRuns()
    {
        var levels = Enumerable.Range(0, 64 * 8).Select(i => i % 3 == 0).ToArray();

        var bytes = Encode(levels);

        Assert.Equal((byte)((63 << 1) | 1), bytes[0]);
        Assert.Equal((byte)((1 << 1) | 1), bytes[64]);
        Assert.Equal(66, bytes.Length);
        Assert.Equal(levels, Decode(bytes, levels.Length));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(4099)]
    public void Encode_RandomRunsOfAnyLength_DecodesBackToTheInput(int count)
    {
        var random = new Random(count);
        var levels = new bool[count];
        var value = true;
        for (var i = 0; i < count; i++)
        {
            if (random.Next(10) == 0)
            {
                value = !value;
            }

            levels[i] = random.Next(50) == 0 ? !value : value;
        }

        Assert.Equal(levels, Decode(Encode(levels), count));
    }

    private static byte[] Encode(IEnumerable<bool> levels)
    {
        var array = levels.ToArray();
        var bitmap = new ulong[(array.Length + 63) / 64];
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i])
            {
                bitmap[i / 64] |= 1UL << (i % 64);
            }
        }

        var output = new ArrayBufferWriter<byte>();
        DefinitionLevelEncoder.Encode(bitmap, array.Length, output);
        return output.WrittenSpan.ToArray();
    }

    // A straightforward reader of the hybrid format (bit width 1), independent of the encoder's run choices.
    private static bool[] Decode(byte[] bytes, int count)
    {
        var levels = new List<bool>();
        var position = 0;
        while (levels.Count < count)
        {
            var header = 0;
            var shift = 0;
            byte b;
            do
            {
                b = bytes[position++];
                header |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            if ((header & 1) == 0)
            {
                var value = bytes[position++] == 1;
                levels.AddRange(Enumerable.Repeat(value, header >> 1));
            }
            else
            {
                for (var g = 0; g < header >> 1; g++)
                {
                    var packed = bytes[position++];
                    for (var bit = 0; bit < 8; bit++)
                    {
                        levels.Add((packed & (1 << bit)) != 0);
                    }
                }
            }
        }

        Assert.Equal(bytes.Length, position);
        return [.. levels.Take(count)];
    }
}
