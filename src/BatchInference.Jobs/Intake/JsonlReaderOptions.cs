namespace BatchInference.Jobs.Intake;

/// <summary>Options of <see cref="JsonlRequestReader"/>.</summary>
public sealed class JsonlReaderOptions
{
    /// <summary>The default <see cref="MaxLineBytes"/>: 8 MiB.</summary>
    public const int DefaultMaxLineBytes = 8 * 1024 * 1024;

    /// <summary>The largest accepted <see cref="MaxLineBytes"/>: 512 MiB.</summary>
    public const int MaxAllowedLineBytes = 512 * 1024 * 1024;

    /// <summary>The endpoints accepted by default.</summary>
    public static IReadOnlySet<string> DefaultSupportedUrls { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/embeddings",
        "/v1/responses",
        "/v1/messages",
    };

    /// <summary>Options with every default.</summary>
    public static JsonlReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest line, in bytes without its terminator, that is parsed. A longer line becomes a
    /// <see cref="JobLineErrorCodes.LineTooLarge"/> record and is skipped without being buffered. The reader holds one
    /// pooled buffer that grows only as long lines need it, to this size plus 2 bytes (the pool may round the array
    /// up to the next power of two), so this bounds its memory. Between 1 and <see cref="MaxAllowedLineBytes"/>.
    /// </summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>The accepted <c>url</c> values, compared ordinally (case-sensitive). Must not be empty.</summary>
    public IReadOnlySet<string> SupportedUrls { get; init; } = DefaultSupportedUrls;

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxLineBytes"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="SupportedUrls"/> is null or empty.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLineBytes, 1, nameof(MaxLineBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxLineBytes, MaxAllowedLineBytes, nameof(MaxLineBytes));
        if (SupportedUrls is null || SupportedUrls.Count == 0)
        {
            throw new ArgumentException("At least one supported URL is required.", nameof(SupportedUrls));
        }
    }
}
