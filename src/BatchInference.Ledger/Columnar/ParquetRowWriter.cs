using Parquet;
using Parquet.Schema;
using NetParquetSchema = Parquet.Schema.ParquetSchema;

namespace BatchInference.Ledger.Columnar;

/// <summary>
/// Writes a Parquet file (Snappy) row by row over Parquet.Net, which writes column by column: for each row, give every
/// column exactly one value with the typed <c>Write…</c> method matching its <see cref="ParquetColumnType"/> (or
/// <see cref="WriteNull"/>), then call <see cref="EndRowAsync"/>. A row group's values are held in memory until it is
/// full; it is then encoded and written on the thread pool while the caller fills the next one (Parquet.Net's encoding
/// is the costly part, so the two overlap on two cores), and a third group waits for that write, so memory is bounded
/// by two row groups. Finish with <see cref="CompleteAsync"/>: without it
/// the file has no footer and readers reject it. Not thread-safe; the writer never disposes <c>output</c>.
/// </summary>
/// <remarks>
/// The same rows give the same bytes: Parquet.Net writes no time or random value, and its <c>created_by</c> names only
/// its own version. A method that throws for a bad argument or a misuse (wrong type, null into a required column, a
/// column written twice or left out of a row, a decimal that would be rounded) changes nothing, so the row can still be
/// completed. A failed or cancelled write to the stream leaves the file unusable: once it is seen (by the next
/// <see cref="EndRowAsync"/> or <see cref="CompleteAsync"/>) every later call throws.
/// </remarks>
public sealed partial class ParquetRowWriter : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly NetParquetSchema _fileSchema;
    private readonly ParquetOptions _options = new() { CompressionMethod = CompressionMethod.Snappy };
    private ColumnBuffer[] _columns;
    private ColumnBuffer[] _spare;
    private readonly int _rowGroupMaxRows;
    private ParquetWriter? _file;
    private Task _pendingFlush = Task.CompletedTask;
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
        DataField[] fields = [.. schema.Columns.Select(c => c.ToField())];
        _columns = [.. schema.Columns.Select((c, i) => ColumnBuffer.For(c, fields[i]))];
        _spare = [.. schema.Columns.Select((c, i) => ColumnBuffer.For(c, fields[i]))];
        _fileSchema = new NetParquetSchema(fields);
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

    /// <summary>Row groups handed to the stream so far (written, or being written in the background).</summary>
    public int RowGroupCount { get; private set; }

    /// <summary>
    /// Ends the current row, which must have a value (or null) in every column. When the row group reaches the row
    /// limit, starts writing it in the background, after waiting for the previous group's write; otherwise completes
    /// synchronously. A failed background write is thrown by the next call that waits for it.
    /// </summary>
    /// <param name="cancellationToken">Cancels a write; a cancelled write leaves the writer failed.</param>
    /// <exception cref="InvalidOperationException">A column has no value in this row.</exception>
    public ValueTask EndRowAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        if (_pendingFlush.IsFaulted || _pendingFlush.IsCanceled)
        {
            // The background write's own error, once; later calls say the file is unusable.
            _state = State.Failed;
            return new ValueTask(_pendingFlush);
        }

        foreach (var column in _columns)
        {
            if (column.Count != _rowsInGroup + 1)
            {
                throw new InvalidOperationException($"Row {RowCount} has no value for column '{column.Column.Name}'.");
            }
        }

        _rowsInGroup++;
        RowCount++;
        return _rowsInGroup >= _rowGroupMaxRows ? new ValueTask(StartFlushAsync(cancellationToken)) : ValueTask.CompletedTask;
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

        await StartFlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WaitForPendingFlushAsync().ConfigureAwait(false);
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
        if (_state != State.Completed)
        {
            // The stream must not be written once the caller has it back; the write's error is the caller's already.
            await _pendingFlush.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_state != State.Completed && _file is { } file)
        {
            _state = State.Failed;
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the previous group's write, then hands the full group to the thread pool and continues with the spare
    /// buffers. Groups are still written one at a time and in order, so the bytes are those of a sequential write.
    /// </summary>
    private async Task StartFlushAsync(CancellationToken cancellationToken)
    {
        if (_rowsInGroup == 0)
        {
            return;
        }

        await WaitForPendingFlushAsync().ConfigureAwait(false);
        var full = _columns;
        (_columns, _spare) = (_spare, full);
        _rowsInGroup = 0;
        RowGroupCount++;
        _pendingFlush = Task.Run(() => WriteRowGroupAsync(full, cancellationToken), cancellationToken);
    }

    private async Task WaitForPendingFlushAsync()
    {
        try
        {
            await _pendingFlush.ConfigureAwait(false);
        }
        catch
        {
            _state = State.Failed;
            throw;
        }
    }

    private async Task WriteRowGroupAsync(ColumnBuffer[] columns, CancellationToken cancellationToken)
    {
        var file = _file ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
        using (var rowGroup = file.CreateRowGroup())
        {
            foreach (var column in columns)
            {
                await column.WriteToAsync(rowGroup, cancellationToken).ConfigureAwait(false);
                column.Clear();
            }

            rowGroup.CompleteValidate();
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
