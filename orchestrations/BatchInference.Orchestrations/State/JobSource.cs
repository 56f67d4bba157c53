namespace BatchInference.Orchestrations.State;

/// <summary>Where a job's input is: a blob, pinned to the version (ETag) that was submitted.</summary>
/// <param name="Container">Container of the input blob.</param>
/// <param name="Blob">Name of the input blob.</param>
/// <param name="ETag">The ETag of the submitted version, or null when the blob did not exist at submission.</param>
public sealed record JobSource(string Container, string Blob, string? ETag)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Container}/{Blob}";
}
