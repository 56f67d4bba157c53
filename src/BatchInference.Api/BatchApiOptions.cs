namespace BatchInference.Api;

/// <summary>Limits of the Batch API (section <c>Api</c>): OpenAI's by default.</summary>
public sealed class BatchApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Api";

    /// <summary>The largest file <c>POST /v1/files</c> accepts, in bytes (<c>Api:MaxFileBytes</c>, default 200 MB as OpenAI).</summary>
    public long MaxFileBytes { get; set; } = 200L * 1000 * 1000;

    /// <summary>The most requests (non-blank lines) a file may hold (<c>Api:MaxFileLines</c>, default 50,000 as OpenAI).</summary>
    public long MaxFileLines { get; set; } = 50_000;

    /// <summary>Throws when a limit is not positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFileBytes, 1, "Api:MaxFileBytes");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFileLines, 1, "Api:MaxFileLines");
    }
}
