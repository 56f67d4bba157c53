namespace BatchInference.Jobs.Intake;

/// <summary>
/// Counters a <see cref="JsonlRequestReader"/> updates while it is enumerated. Read them after (or during) the
/// enumeration; they are not thread-safe against a concurrent reader.
/// </summary>
public sealed class JsonlReaderStats
{
    /// <summary>Physical lines seen so far, blank ones included.</summary>
    public long TotalLines { get; internal set; }

    /// <summary>Lines that became a <see cref="RequestLine"/>.</summary>
    public long RequestLines { get; internal set; }

    /// <summary>Lines that became an <see cref="InvalidLine"/>.</summary>
    public long InvalidLines { get; internal set; }

    /// <summary>Empty or whitespace-only lines, skipped without a record.</summary>
    public long BlankLines { get; internal set; }

    /// <summary>Bytes read from the input stream so far (BOM and line terminators included).</summary>
    public long BytesRead { get; internal set; }

    /// <summary>The largest line buffer the reader held; lets tests prove memory is bounded by the line limit.</summary>
    internal int PeakBufferBytes { get; set; }
}
