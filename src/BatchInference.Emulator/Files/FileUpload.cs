namespace BatchInference.Emulator.Files;

/// <summary>The fields of a <c>POST /v1/files</c> form.</summary>
/// <param name="Purpose">The <c>purpose</c> field, if sent.</param>
/// <param name="Filename">The file part's file name, if a file was sent.</param>
/// <param name="Content">The file's bytes; null when no file was sent or it was larger than allowed.</param>
/// <param name="TooLarge">True when the file passed the size limit (reading stopped there).</param>
internal sealed record FileUpload(string? Purpose, string? Filename, byte[]? Content, bool TooLarge);
