using BatchInference.Ledger.Parquet.Columns;
using BatchInference.Ledger.Parquet.Pages;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet;

/// <summary>
/// Writes a Parquet file for a flat schema row by row to a forward-only stream. For each row, give every column
/// exactly one value with the typed <c>Write…</c> method matching its <see cref="ParquetColumnType"/> (or
/// <see cref="WriteNull"/>), then call <see cref="EndRowAsync"/>. Rows are buffered as compressed pages of one row
/// group at a time, which is flushed to the stream when full, so memory is bounded by one row group, not the file.
/// Finish with <see cref="CompleteAsync"/>: without it the file has no footer and readers reject it.
/// Not thread-safe. The writer never disposes <c>output</c>.
/// </summary>
/// <remarks>
/// Files use v1 data pages, PLAIN encoding (dictionary encoding with a PLAIN fallback for
/// <see cref="ParquetColumn.UseDictionary"/> string/binary columns), RLE definition levels, per-chunk statistics (min/max in the column's
/// type-defined order, null_count; a double chunk holding NaN gets no min/max, only nan_count) and column_orders,
/// so readers can prune row groups.
/// A method that throws for a bad argument or a misuse (wrong type, null into a required column, a column written
/// twice or left out of a row) changes nothing, so the row can still be completed. A failed or cancelled flush to
/// the stream leaves the file unusable: every later call throws.
/// </remarks>
public sealed partial class ParquetWriter
{
    private readonly ColumnChunkWriter[] _columns;
    private readonly ParquetFileSink _sink;
    private readonly KeyValuePair<string, string>[] _keyValueMetadata;
    private readonly int _rowGroupMaxRows;
    private readonly long _rowGroupMaxBytes;
    private int _rowsInGroup;
    private State _state;

    /// <summary>Creates a writer; nothing is written to <paramref name="output"/> until the first row group flush.</summary>
    /// <param name="output">A writable stream, seekable or not, positioned where the file starts.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    public ParquetWriter(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        options ??= new ParquetWriterOptions();
        options.Validate();
        Schema = schema;
        _rowGroupMaxRows = options.RowGroupMaxRows;
        _rowGroupMaxBytes = options.RowGroupMaxBytes;
        _keyValueMetadata = [.. options.KeyValueMetadata.OrderBy(pair => pair.Key, StringComparer.Ordinal)];
        var compressor = new PageCompressor(options.Compression);
        var pageWriter = new DataPageWriter(compressor);
        _columns = [.. schema.Columns.Select(c => CreateColumnWriter(c, pageWriter, options))];
        _sink = new ParquetFileSink(output, schema, compressor.Codec);
    }

    private enum State
    {
        Open,
        Completed,
        Failed,
    }

    /// <summary>The schema being written.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Rows ended so far (flushed or buffered).</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups flushed to the stream so far.</summary>
    public int RowGroupCount => _sink.RowGroupCount;

    /// <summary>Bytes written to the stream so far.</summary>
    public long BytesWritten => _sink.Offset;

    /// <summary>
    /// Ends the current row, which must have a value (or null) in every column. Flushes the row group to the stream
    /// when it reaches <see cref="ParquetWriterOptions.RowGroupMaxRows"/> or <see cref="ParquetWriterOptions.RowGroupMaxBytes"/>;
    /// otherwise completes synchronously.
    /// </summary>
    /// <param name="cancellationToken">Cancels a flush; a cancelled flush leaves the writer failed.</param>
    /// <exception cref="InvalidOperationException">A column has no value in this row.</exception>
    public ValueTask EndRowAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        foreach (var writer in _columns)
        {
            if (writer.RowGroupValueCount != _rowsInGroup + 1)
            {
                throw new InvalidOperationException($"Row {RowCount} has no value for column '{writer.Column.Name}'.");
            }
        }

        _rowsInGroup++;
        RowCount++;
        return _rowsInGroup >= _rowGroupMaxRows || BufferedBytes() >= _rowGroupMaxBytes
            ? FlushRowGroupAsync(cancellationToken)
            : ValueTask.CompletedTask;
    }

    /// <summary>Flushes the last row group and writes the footer. Further writes throw.</summary>
    /// <param name="cancellationToken">Cancels the write; a cancelled completion leaves the file unusable.</param>
    /// <exception cref="InvalidOperationException">The current row was started but not ended.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        var partial = _columns.FirstOrDefault(c => c.RowGroupValueCount != _rowsInGroup);
        if (partial is not null)
        {
            throw new InvalidOperationException(
                $"Row {RowCount} was started (column '{partial.Column.Name}' has a value) but not ended; call EndRowAsync first.");
        }

        await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _sink.WriteFooterAsync(_keyValueMetadata, cancellationToken).ConfigureAwait(false);
            _state = State.Completed;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    private async ValueTask FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_rowsInGroup == 0)
        {
            return;
        }

        try
        {
            await _sink.WriteRowGroupAsync(_columns, _rowsInGroup, cancellationToken).ConfigureAwait(false);
            _rowsInGroup = 0;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    private long BufferedBytes()
    {
        long total = 0;
        foreach (var writer in _columns)
        {
            total += writer.BufferedBytes;
        }

        return total;
    }

    private T As<T>(int column, ParquetColumnType expected)
        where T : ColumnChunkWriter => (T)Prepare(column, expected);

    private ColumnChunkWriter Prepare(int column, ParquetColumnType? expected)
    {
        ThrowIfNotOpen();
        if ((uint)column >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The schema has {_columns.Length} columns.");
        }

        var writer = _columns[column];
        if (expected is { } type && writer.Column.Type != type)
        {
            throw new ArgumentException(
                $"Column '{writer.Column.Name}' is {writer.Column.Type}; it cannot take a {type} value.", nameof(column));
        }

        if (writer.RowGroupValueCount != _rowsInGroup)
        {
            throw new InvalidOperationException(
                $"Column '{writer.Column.Name}' already has a value in row {RowCount}; call EndRowAsync before the next row.");
        }

        return writer;
    }

    private void ThrowIfNotOpen()
    {
        if (_state != State.Open)
        {
            throw new InvalidOperationException(_state == State.Completed
                ? "The Parquet file is already complete."
                : "An earlier write to the output stream failed; the Parquet file is unusable.");
        }
    }

    private static ColumnChunkWriter CreateColumnWriter(ParquetColumn column, DataPageWriter pageWriter, ParquetWriterOptions options)
    {
        var pageMaxBytes = options.DataPageMaxBytes;
        return ColumnTypeMapping.PhysicalTypeOf(column) switch
        {
            PhysicalType.ByteArray => new ByteArrayColumnChunkWriter(column, pageWriter, pageMaxBytes, options.DictionaryPageMaxBytes),
            PhysicalType.Int32 => new IntegerColumnChunkWriter<int>(column, pageWriter, pageMaxBytes),
            PhysicalType.Int64 => new IntegerColumnChunkWriter<long>(column, pageWriter, pageMaxBytes),
            PhysicalType.Double => new DoubleColumnChunkWriter(column, pageWriter, pageMaxBytes),
            PhysicalType.Boolean => new BooleanColumnChunkWriter(column, pageWriter, pageMaxBytes),
            PhysicalType.FixedLenByteArray => new FixedDecimalColumnChunkWriter(column, pageWriter, pageMaxBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
        };
    }
}
