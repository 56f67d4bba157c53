using Parquet;
using NetParquetSchema = Parquet.Schema.ParquetSchema;

namespace BatchInference.Ledger.Columnar;

/// <summary>
/// Writes a Parquet file (Snappy) row by row over Parquet.Net, which writes column by column: for each row, give every
/// column exactly one value with the typed <c>Write…</c> method matching its <see cref="ParquetColumnType"/> (or
/// <see cref="WriteNull"/>), then call <see cref="EndRowAsync"/>. A row group's values are held in memory until it is
/// full and then written, so memory is bounded by one row group. Finish with <see cref="CompleteAsync"/>: without it
/// the file has no footer and readers reject it. Not thread-safe; the writer never disposes <c>output</c>.
/// </summary>
/// <remarks>
/// The same rows give the same bytes: Parquet.Net writes no time or random value, and its <c>created_by</c> names only
/// its own version. A method that throws for a bad argument or a misuse (wrong type, null into a required column, a
/// column written twice or left out of a row, a decimal that would be rounded) changes nothing, so the row can still be
/// completed. A failed or cancelled write to the stream leaves the file unusable: every later call throws.
/// </remarks>
public sealed partial class ParquetRowWriter : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly NetParquetSchema _fileSchema;
    private readonly ParquetOptions _options = new() { CompressionMethod = CompressionMethod.Snappy };
    private readonly ColumnBuffer[] _columns;
    private readonly int _rowGroupMaxRows;
    private ParquetWriter? _file;
    private int _rowsInGroup;
    private State _state;

    /// <summary>Creates a writer; nothing is written to <paramref name="output"/> until the first row group is flushed.</summary>
    /// <param name="output">A writable stream positioned where the file starts.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="rowGroupMaxRows">A row group is written once it holds this many rows. Default 1,000,000.</param>
    public ParquetRowWriter(Stream output, ParquetSchema schema, int rowGroupMaxRows = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupMaxRows, 1);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        _output = output;
        Schema = schema;
        _rowGroupMaxRows = rowGroupMaxRows;
        _columns = [.. schema.Columns.Select(ColumnBuffer.For)];
        _fileSchema = new NetParquetSchema(_columns.Select(c => c.Field));
        foreach (var column in schema.Columns.Where(c => c.UseDictionary))
        {
            _options.ColumnEncodingHints[column.Name] = EncodingHint.Dictionary;
        }
    }

    private enum State
    {
        Open,
        Completed,
        Failed,
    }

    /// <summary>The schema being written.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Rows ended so far (written or buffered).</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups written to the stream so far.</summary>
    public int RowGroupCount { get; private set; }

    /// <summary>
    /// Ends the current row, which must have a value (or null) in every column. Writes the row group to the stream when
    /// it reaches the row limit; otherwise completes synchronously.
    /// </summary>
    /// <param name="cancellationToken">Cancels a write; a cancelled write leaves the writer failed.</param>
    /// <exception cref="InvalidOperationException">A column has no value in this row.</exception>
    public ValueTask EndRowAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        foreach (var column in _columns)
        {
            if (column.Count != _rowsInGroup + 1)
            {
                throw new InvalidOperationException($"Row {RowCount} has no value for column '{column.Column.Name}'.");
            }
        }

        _rowsInGroup++;
        RowCount++;
        return _rowsInGroup >= _rowGroupMaxRows ? new ValueTask(FlushRowGroupAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    /// <summary>Writes the last row group and the footer. Further writes throw.</summary>
    /// <param name="cancellationToken">Cancels the write; a cancelled completion leaves the file unusable.</param>
    /// <exception cref="InvalidOperationException">The current row was started but not ended.</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        var partial = _columns.FirstOrDefault(c => c.Count != _rowsInGroup);
        if (partial is not null)
        {
            throw new InvalidOperationException(
                $"Row {RowCount} was started (column '{partial.Column.Name}' has a value) but not ended; call EndRowAsync first.");
        }

        await FlushRowGroupAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A file without rows still needs its header and footer.
            var file = _file ?? await OpenAsync(cancellationToken).ConfigureAwait(false);
            await file.DisposeAsync().ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Completed;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    /// <summary>Releases Parquet.Net's writer when the file was not completed; a completed writer holds nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_state != State.Completed && _file is { } file)
        {
            _state = State.Failed;
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        if (_rowsInGroup == 0)
        {
            return;
        }

        try
        {
            var file = _file ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var rowGroup = file.CreateRowGroup())
            {
                foreach (var column in _columns)
                {
                    await column.WriteToAsync(rowGroup, cancellationToken).ConfigureAwait(false);
                    column.Clear();
                }

                rowGroup.CompleteValidate();
            }

            _rowsInGroup = 0;
            RowGroupCount++;
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    private Task<ParquetWriter> OpenAsync(CancellationToken cancellationToken) =>
        ParquetWriter.CreateAsync(_fileSchema, _output, _options, append: false, cancellationToken);

    private T Prepare<T>(int column, ParquetColumnType expected)
        where T : ColumnBuffer
    {
        var buffer = Prepare(column);
        if (buffer.Column.Type != expected)
        {
            throw new ArgumentException(
                $"Column '{buffer.Column.Name}' is {buffer.Column.Type}; it cannot take a {expected} value.", nameof(column));
        }

        return (T)buffer;
    }

    private ColumnBuffer Prepare(int column)
    {
        ThrowIfNotOpen();
        if ((uint)column >= (uint)_columns.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The schema has {_columns.Length} columns.");
        }

        var buffer = _columns[column];
        if (buffer.Count != _rowsInGroup)
        {
            throw new InvalidOperationException(
                $"Column '{buffer.Column.Name}' already has a value in row {RowCount}; call EndRowAsync before the next row.");
        }

        return buffer;
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
}
