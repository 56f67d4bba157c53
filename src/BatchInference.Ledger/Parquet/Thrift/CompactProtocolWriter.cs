using System.Buffers;
using System.Text;

namespace BatchInference.Ledger.Parquet.Thrift;

/// <summary>
/// Writes the subset of the Thrift compact protocol that Parquet metadata needs: structs, i16/i32/i64, bool,
/// binary/string fields and lists of i32, string or struct. Field ids must ascend within a struct, which is how
/// every caller writes them; the short (delta) field header is used whenever the delta fits in four bits.
/// </summary>
internal sealed class CompactProtocolWriter(IBufferWriter<byte> output)
{
    private readonly Stack<short> _enclosingFieldIds = new();
    private short _lastFieldId;

    /// <summary>Starts a struct that has no field header of its own: the top-level struct or a list element.</summary>
    public void BeginStruct()
    {
        _enclosingFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void BeginStructField(short fieldId)
    {
        WriteFieldHeader(fieldId, CompactType.Struct);
        BeginStruct();
    }

    public void EndStruct()
    {
        WriteByte((byte)CompactType.Stop);
        _lastFieldId = _enclosingFieldIds.Pop();
    }

    /// <summary>An empty struct field, e.g. a union member whose type carries no data (StringType, MicroSeconds).</summary>
    public void WriteEmptyStructField(short fieldId)
    {
        BeginStructField(fieldId);
        EndStruct();
    }

    public void WriteBoolField(short fieldId, bool value) =>
        WriteFieldHeader(fieldId, value ? CompactType.BooleanTrue : CompactType.BooleanFalse);

    public void WriteI16Field(short fieldId, short value)
    {
        WriteFieldHeader(fieldId, CompactType.I16);
        WriteVarInt(ZigZag(value));
    }

    public void WriteI32Field(short fieldId, int value)
    {
        WriteFieldHeader(fieldId, CompactType.I32);
        WriteVarInt(ZigZag(value));
    }

    public void WriteI64Field(short fieldId, long value)
    {
        WriteFieldHeader(fieldId, CompactType.I64);
        WriteVarInt(ZigZag(value));
    }

    public void WriteBinaryField(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(fieldId, CompactType.Binary);
        WriteBinary(value);
    }

    public void WriteStringField(short fieldId, string value)
    {
        WriteFieldHeader(fieldId, CompactType.Binary);
        WriteString(value);
    }

    public void WriteListFieldHeader(short fieldId, CompactType elementType, int count)
    {
        WriteFieldHeader(fieldId, CompactType.List);
        WriteListHeader(elementType, count);
    }

    public void WriteI32Element(int value) => WriteVarInt(ZigZag(value));

    public void WriteStringElement(string value) => WriteString(value);

    private void WriteListHeader(CompactType elementType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (byte)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (byte)elementType));
            WriteVarInt((uint)count);
        }
    }

    private void WriteFieldHeader(short fieldId, CompactType type)
    {
        if (fieldId <= _lastFieldId)
        {
            throw new InvalidOperationException($"Thrift field ids must ascend: {fieldId} after {_lastFieldId}.");
        }

        var delta = fieldId - _lastFieldId;
        if (delta <= 15)
        {
            WriteByte((byte)((delta << 4) | (byte)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarInt(ZigZag(fieldId));
        }

        _lastFieldId = fieldId;
    }

    private void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt((uint)length);
        var span = output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        output.Advance(length);
    }

    private void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarInt((uint)value.Length);
        output.Write(value);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private void WriteVarInt(ulong value) => VarInt.Write(value, output);

    private static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
