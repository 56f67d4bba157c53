namespace BatchInference.Emulator.Files;

/// <summary>A file held in memory: an uploaded batch input, or a batch's output or error file.</summary>
/// <param name="Id">OpenAI's <c>file-…</c> id.</param>
/// <param name="Filename">The name it was uploaded (or generated) with.</param>
/// <param name="Purpose"><c>batch</c> for inputs, <c>batch_output</c> for outputs, or another OpenAI purpose.</param>
/// <param name="CreatedAt">When it was stored, on the emulator's clock.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Sequence">Storage order, for listing.</param>
internal sealed record StoredFile(string Id, string Filename, string Purpose, DateTimeOffset CreatedAt, byte[] Content, long Sequence)
{
    public const string BatchPurpose = "batch";
    public const string BatchOutputPurpose = "batch_output";
}
