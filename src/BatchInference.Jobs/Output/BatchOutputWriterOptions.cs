namespace BatchInference.Jobs.Output;

/// <summary>Options of <see cref="BatchOutputWriter"/>.</summary>
public sealed class BatchOutputWriterOptions
{
    /// <summary>Options with every default.</summary>
    public static BatchOutputWriterOptions Default { get; } = new();

    /// <summary>
    /// Whether response bodies are checked to be one well-formed JSON object before they are written (default
    /// <see langword="true"/>). Turn it off only for bodies this process already parsed, such as the lines of a
    /// provider's batch output file; an unchecked malformed body corrupts the output file.
    /// </summary>
    public bool ValidateResponseBodies { get; init; } = true;

    /// <summary>Bytes buffered before they are written to the stream (default 64 KiB). At least 1.</summary>
    public int FlushThresholdBytes { get; init; } = 64 * 1024;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="FlushThresholdBytes"/> is less than 1.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(FlushThresholdBytes, 1, nameof(FlushThresholdBytes));
}
