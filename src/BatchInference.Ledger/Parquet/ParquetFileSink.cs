using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using BatchInference.Ledger.Parquet.Columns;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet;

/// <summary>
/// The byte layout of a Parquet file on a forward-only stream: "PAR1", each row group's column chunks back to
/// back, then the footer (FileMetaData, its 4-byte length, "PAR1"). Offsets are counted here rather than read from
/// the stream, so the output need not be seekable (a blob upload, a pipe, a network stream).
/// </summary>
internal sealed class ParquetFileSink(Stream output, ParquetSchema schema, CompressionCodec codec)
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly List<RowGroupMetadata> _rowGroups = [];

    /// <summary>Bytes written to the stream so far.</summary>
    public long Offset { get; private set; }

    public int RowGroupCount => _rowGroups.Count;

    public static string CreatedBy { get; } = BuildCreatedBy();

    /// <summary>Writes the closed chunks of every column as one row group and resets the columns.</summary>
    public async ValueTask WriteRowGroupAsync(
        IReadOnlyList<ColumnChunkWriter> columns, long rowCount, CancellationToken cancellationToken)
    {
        await WriteMagicIfFirstAsync(cancellationToken).ConfigureAwait(false);
        var rowGroupOffset = Offset;
        var chunks = new ColumnChunkMetadata[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            column.FinishChunk();
            chunks[i] = column.DescribeChunk(Offset);
            await column.CopyChunkToAsync(output, cancellationToken).ConfigureAwait(false);
            Offset += column.ChunkLength;
            column.ResetChunk();
        }

        _rowGroups.Add(new RowGroupMetadata(chunks, rowCount, rowGroupOffset));
    }

    /// <summary>Writes the footer; the file is complete afterwards.</summary>
    public async ValueTask WriteFooterAsync(
        IReadOnlyList<KeyValuePair<string, string>> keyValueMetadata, CancellationToken cancellationToken)
    {
        await WriteMagicIfFirstAsync(cancellationToken).ConfigureAwait(false);
        var footer = new ArrayBufferWriter<byte>();
        FileMetadataEncoder.Write(footer, schema, _rowGroups, codec, keyValueMetadata, CreatedBy);
        BinaryPrimitives.WriteInt32LittleEndian(footer.GetSpan(4), footer.WrittenCount);
        footer.Advance(4);
        footer.Write(Magic);
        await WriteAsync(footer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteMagicIfFirstAsync(CancellationToken cancellationToken)
    {
        if (Offset == 0)
        {
            await WriteAsync(Magic, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Offset += bytes.Length;
    }

    // parquet.thrift asks for "<Application> version <App Version> (build <App Build Hash>)".
    private static string BuildCreatedBy()
    {
        var informational = typeof(ParquetFileSink).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"BatchInference parquet writer version {informational}"
            : $"BatchInference parquet writer version {informational[..plus]} (build {informational[(plus + 1)..]})";
    }
}
