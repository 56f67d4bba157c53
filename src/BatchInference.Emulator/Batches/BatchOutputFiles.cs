namespace BatchInference.Emulator.Batches;

/// <summary>OpenAI's output and error files of an ended batch; null when the file would be empty (and for Anthropic).</summary>
internal sealed record BatchOutputFiles(string? OutputFileId, string? ErrorFileId)
{
    public static readonly BatchOutputFiles None = new(null, null);
}
