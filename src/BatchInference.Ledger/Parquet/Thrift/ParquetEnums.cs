namespace BatchInference.Ledger.Parquet.Thrift;

// The enum values of parquet.thrift (apache/parquet-format) that this writer emits. Kept together because they are
// one spec table each, and their numeric values are the wire format.

/// <summary>parquet.thrift <c>Type</c>.</summary>
internal enum PhysicalType
{
    Boolean = 0,
    Int32 = 1,
    Int64 = 2,
    Double = 5,
    ByteArray = 6,
    FixedLenByteArray = 7,
}

/// <summary>parquet.thrift <c>ConvertedType</c> (legacy annotations kept for older readers).</summary>
internal enum ConvertedType
{
    Utf8 = 0,
    Decimal = 5,
    TimestampMicros = 10,
}

/// <summary>parquet.thrift <c>FieldRepetitionType</c>.</summary>
internal enum FieldRepetition
{
    Required = 0,
    Optional = 1,
}

/// <summary>parquet.thrift <c>Encoding</c>.</summary>
internal enum PageEncoding
{
    Plain = 0,
    Rle = 3,
    RleDictionary = 8,
}

/// <summary>parquet.thrift <c>CompressionCodec</c>.</summary>
internal enum CompressionCodec
{
    Uncompressed = 0,
    Snappy = 1,
    Gzip = 2,
}

/// <summary>parquet.thrift <c>PageType</c>.</summary>
internal enum PageType
{
    DataPage = 0,
    DictionaryPage = 2,
}
