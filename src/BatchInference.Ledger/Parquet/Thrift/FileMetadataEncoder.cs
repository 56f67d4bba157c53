using System.Buffers;
using BatchInference.Ledger.Parquet.Columns;

namespace BatchInference.Ledger.Parquet.Thrift;

/// <summary>Serializes the footer's FileMetaData struct (parquet.thrift) with the compact protocol.</summary>
internal static class FileMetadataEncoder
{
    public static void Write(
        IBufferWriter<byte> output,
        ParquetSchema schema,
        IReadOnlyList<RowGroupMetadata> rowGroups,
        CompressionCodec codec,
        IReadOnlyList<KeyValuePair<string, string>> keyValueMetadata,
        string createdBy)
    {
        var w = new CompactProtocolWriter(output);
        w.BeginStruct();

        // version: the spec asks writers to put 1 for maximum compatibility.
        w.WriteI32Field(1, 1);
        WriteSchema(w, schema);
        w.WriteI64Field(3, rowGroups.Sum(g => g.RowCount));
        w.WriteListFieldHeader(4, CompactType.Struct, rowGroups.Count);
        for (var i = 0; i < rowGroups.Count; i++)
        {
            WriteRowGroup(w, rowGroups[i], i, codec);
        }

        if (keyValueMetadata.Count > 0)
        {
            w.WriteListFieldHeader(5, CompactType.Struct, keyValueMetadata.Count);
            foreach (var (key, value) in keyValueMetadata)
            {
                w.BeginStruct();
                w.WriteStringField(1, key);
                w.WriteStringField(2, value);
                w.EndStruct();
            }
        }

        w.WriteStringField(6, createdBy);

        // column_orders: without it min_value/max_value are undefined; every column uses its type-defined order.
        w.WriteListFieldHeader(7, CompactType.Struct, schema.Columns.Count);
        foreach (var _ in schema.Columns)
        {
            w.BeginStruct();
            w.WriteEmptyStructField(1);
            w.EndStruct();
        }

        w.EndStruct();
    }

    private static void WriteSchema(CompactProtocolWriter w, ParquetSchema schema)
    {
        w.WriteListFieldHeader(2, CompactType.Struct, schema.Columns.Count + 1);
        w.BeginStruct();
        w.WriteStringField(4, "schema");
        w.WriteI32Field(5, schema.Columns.Count);
        w.EndStruct();
        foreach (var column in schema.Columns)
        {
            WriteSchemaElement(w, column);
        }
    }

    private static void WriteSchemaElement(CompactProtocolWriter w, ParquetColumn column)
    {
        w.BeginStruct();
        var physicalType = ColumnTypeMapping.PhysicalTypeOf(column);
        w.WriteI32Field(1, (int)physicalType);
        if (physicalType == PhysicalType.FixedLenByteArray)
        {
            w.WriteI32Field(2, ColumnTypeMapping.DecimalByteLength(column.Precision)); // type_length
        }

        w.WriteI32Field(3, (int)(column.IsNullable ? FieldRepetition.Optional : FieldRepetition.Required));
        w.WriteStringField(4, column.Name);
        switch (column.Type)
        {
            case ParquetColumnType.String:
                w.WriteI32Field(6, (int)ConvertedType.Utf8);
                w.BeginStructField(10);
                w.WriteEmptyStructField(1); // LogicalType.STRING
                w.EndStruct();
                break;
            case ParquetColumnType.TimestampMicrosUtc:
                w.WriteI32Field(6, (int)ConvertedType.TimestampMicros);
                w.BeginStructField(10);
                w.BeginStructField(8); // LogicalType.TIMESTAMP
                w.WriteBoolField(1, true); // isAdjustedToUTC
                w.BeginStructField(2); // unit
                w.WriteEmptyStructField(2); // MICROS
                w.EndStruct();
                w.EndStruct();
                w.EndStruct();
                break;
            case ParquetColumnType.Decimal:
                w.WriteI32Field(6, (int)ConvertedType.Decimal);
                w.WriteI32Field(7, column.Scale);
                w.WriteI32Field(8, column.Precision);
                w.BeginStructField(10);
                w.BeginStructField(5); // LogicalType.DECIMAL
                w.WriteI32Field(1, column.Scale);
                w.WriteI32Field(2, column.Precision);
                w.EndStruct();
                w.EndStruct();
                break;
        }

        w.EndStruct();
    }

    private static void WriteRowGroup(CompactProtocolWriter w, RowGroupMetadata rowGroup, int ordinal, CompressionCodec codec)
    {
        w.BeginStruct();
        w.WriteListFieldHeader(1, CompactType.Struct, rowGroup.Columns.Count);
        foreach (var chunk in rowGroup.Columns)
        {
            w.BeginStruct();

            // file_offset: 0 because no ColumnMetaData is written outside the footer (parquet.thrift).
            w.WriteI64Field(2, 0);
            w.BeginStructField(3);
            WriteColumnMetadata(w, chunk, codec);
            w.EndStruct();
            w.EndStruct();
        }

        w.WriteI64Field(2, rowGroup.TotalUncompressedSize);
        w.WriteI64Field(3, rowGroup.RowCount);
        w.WriteI64Field(5, rowGroup.FileOffset);
        w.WriteI64Field(6, rowGroup.TotalCompressedSize);
        if (ordinal <= short.MaxValue)
        {
            w.WriteI16Field(7, (short)ordinal);
        }

        w.EndStruct();
    }

    private static void WriteColumnMetadata(CompactProtocolWriter w, ColumnChunkMetadata chunk, CompressionCodec codec)
    {
        w.WriteI32Field(1, (int)ColumnTypeMapping.PhysicalTypeOf(chunk.Column));
        WriteEncodings(w, chunk);

        w.WriteListFieldHeader(3, CompactType.Binary, 1);
        w.WriteStringElement(chunk.Column.Name);
        w.WriteI32Field(4, (int)codec);
        w.WriteI64Field(5, chunk.ValueCount);
        w.WriteI64Field(6, chunk.TotalUncompressedSize);
        w.WriteI64Field(7, chunk.TotalCompressedSize);
        w.WriteI64Field(9, chunk.DataPageOffset);
        if (chunk.DictionaryPageOffset is { } dictionaryPageOffset)
        {
            w.WriteI64Field(11, dictionaryPageOffset);
        }

        w.BeginStructField(12);
        WriteStatistics(w, chunk.Statistics);
        w.EndStruct();
        WriteEncodingStats(w, chunk);
    }

    // encodings: every encoding used in the chunk, levels included: PLAIN (plain data pages and the dictionary
    // page's entries), RLE (definition levels), RLE_DICTIONARY (dictionary ids).
    private static void WriteEncodings(CompactProtocolWriter w, ColumnChunkMetadata chunk)
    {
        var plain = chunk.PlainDataPageCount > 0 || chunk.DictionaryPageOffset is not null;
        var rle = chunk.Column.IsNullable;
        var dictionary = chunk.DictionaryDataPageCount > 0;
        w.WriteListFieldHeader(2, CompactType.I32, (plain ? 1 : 0) + (rle ? 1 : 0) + (dictionary ? 1 : 0));
        if (plain)
        {
            w.WriteI32Element((int)PageEncoding.Plain);
        }

        if (rle)
        {
            w.WriteI32Element((int)PageEncoding.Rle);
        }

        if (dictionary)
        {
            w.WriteI32Element((int)PageEncoding.RleDictionary);
        }
    }

    // encoding_stats: lets readers see whether every data page is dictionary-encoded without reading the pages.
    private static void WriteEncodingStats(CompactProtocolWriter w, ColumnChunkMetadata chunk)
    {
        (PageType Type, PageEncoding Encoding, int Count)[] stats =
        [
            (PageType.DictionaryPage, PageEncoding.Plain, chunk.DictionaryPageOffset is null ? 0 : 1),
            (PageType.DataPage, PageEncoding.Plain, chunk.PlainDataPageCount),
            (PageType.DataPage, PageEncoding.RleDictionary, chunk.DictionaryDataPageCount),
        ];
        w.WriteListFieldHeader(13, CompactType.Struct, stats.Count(s => s.Count > 0));
        foreach (var (type, encoding, count) in stats)
        {
            if (count > 0)
            {
                w.BeginStruct();
                w.WriteI32Field(1, (int)type);
                w.WriteI32Field(2, (int)encoding);
                w.WriteI32Field(3, count);
                w.EndStruct();
            }
        }
    }

    private static void WriteStatistics(CompactProtocolWriter w, ColumnStatistics statistics)
    {
        w.WriteI64Field(3, statistics.NullCount);
        if (statistics.Max is not null && statistics.Min is not null)
        {
            w.WriteBinaryField(5, statistics.Max);
            w.WriteBinaryField(6, statistics.Min);
            w.WriteBoolField(7, true); // is_max_value_exact
            w.WriteBoolField(8, true); // is_min_value_exact
        }

        if (statistics.NanCount is { } nanCount)
        {
            w.WriteI64Field(9, nanCount);
        }
    }
}
