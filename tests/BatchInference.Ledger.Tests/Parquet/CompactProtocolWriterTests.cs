using System.Buffers;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Tests.Parquet;

// Expected bytes are worked out by hand from the Thrift compact protocol spec (field header = delta << 4 | type,
// zigzag varints, list header = size << 4 | element type).
public sealed class CompactProtocolWriterTests
{
    [Fact]
    public void WriteI32Field_SmallDelta_UsesShortHeaderAndZigZag()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.WriteI32Field(1, 1);
            w.WriteI32Field(3, -1);
            w.EndStruct();
        });

        Assert.Equal(new byte[] { 0x15, 0x02, 0x25, 0x01, 0x00 }, bytes);
    }

    [Fact]
    public void WriteI64Field_DeltaAbove15_UsesLongHeader()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.WriteI64Field(17, 300);
            w.EndStruct();
        });

        // type byte, zigzag(17)=34, zigzag(300)=600 = 0xD8 0x04, stop.
        Assert.Equal(new byte[] { 0x06, 0x22, 0xD8, 0x04, 0x00 }, bytes);
    }

    [Fact]
    public void WriteI64Field_MinValue_EncodesTenByteVarInt()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.WriteI64Field(1, long.MinValue);
            w.EndStruct();
        });

        // zigzag(long.MinValue) = ulong.MaxValue: nine 0xFF bytes then 0x01.
        Assert.Equal([0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00], bytes);
    }

    [Fact]
    public void WriteBoolField_Value_IsCarriedInTheTypeNibble()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.WriteBoolField(1, true);
            w.WriteBoolField(2, false);
            w.EndStruct();
        });

        Assert.Equal(new byte[] { 0x11, 0x12, 0x00 }, bytes);
    }

    [Fact]
    public void WriteStringField_NonAscii_WritesUtf8LengthPrefix()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.WriteStringField(4, "é");
            w.EndStruct();
        });

        Assert.Equal(new byte[] { 0x48, 0x02, 0xC3, 0xA9, 0x00 }, bytes);
    }

    [Fact]
    public void BeginStructField_Nested_RestartsFieldIdsAndRestoresOuter()
    {
        var bytes = Write(w =>
        {
            w.BeginStruct();
            w.BeginStructField(5);
            w.WriteI32Field(1, 0);
            w.EndStruct();
            w.WriteI32Field(6, 0);
            w.EndStruct();
        });

        Assert.Equal(new byte[] { 0x5C, 0x15, 0x00, 0x00, 0x15, 0x00, 0x00 }, bytes);
    }

    [Fact]
    public void WriteListFieldHeader_FifteenOrMoreElements_UsesVarIntSize()
    {
        var shortList = Write(w =>
        {
            w.BeginStruct();
            w.WriteListFieldHeader(1, CompactType.I32, 2);
            w.WriteI32Element(1);
            w.WriteI32Element(2);
            w.EndStruct();
        });
        var longList = Write(w =>
        {
            w.BeginStruct();
            w.WriteListFieldHeader(1, CompactType.Struct, 20);
            for (var i = 0; i < 20; i++)
            {
                w.BeginStruct();
                w.EndStruct();
            }

            w.EndStruct();
        });

        Assert.Equal(new byte[] { 0x19, 0x25, 0x02, 0x04, 0x00 }, shortList);
        Assert.Equal(new byte[] { 0x19, 0xFC, 0x14 }, longList[..3]);
        Assert.Equal(3 + 20 + 1, longList.Length);
    }

    [Fact]
    public void WriteI32Field_DescendingIds_Throws()
    {
        var writer = new CompactProtocolWriter(new ArrayBufferWriter<byte>());
        writer.BeginStruct();
        writer.WriteI32Field(2, 0);

        Assert.Throws<InvalidOperationException>(() => writer.WriteI32Field(2, 0));
    }

    private static byte[] Write(Action<CompactProtocolWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new CompactProtocolWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
