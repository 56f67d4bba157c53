namespace BatchInference.Ledger.Parquet.Thrift;

/// <summary>Type ids of the Thrift compact protocol, as they appear in field and list headers.</summary>
internal enum CompactType : byte
{
    Stop = 0,
    BooleanTrue = 1,
    BooleanFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}
