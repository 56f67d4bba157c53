namespace BatchInference.Api.Files;

/// <summary>
/// The API's ids and the storage they name, as pure functions: an uploaded file is <c>file-&lt;32 hex&gt;</c>; a batch is
/// <c>batch_&lt;24 hex&gt;</c> for the job <c>job_&lt;24 hex&gt;</c> (the same digits); a batch's output and error files are
/// <c>file-&lt;24 hex&gt;-output</c> and <c>-errors</c>, the job's result blobs. Ids are checked here before they reach a
/// blob name.
/// </summary>
internal static class ApiIds
{
    public const string OutputSuffix = "-output";
    public const string ErrorsSuffix = "-errors";

    public static string NewFileId() => "file-" + Guid.NewGuid().ToString("N");

    public static bool IsUploadId(string id) => id.Length == 37 && id.StartsWith("file-", StringComparison.Ordinal) && IsHex(id.AsSpan(5));

    public static string BatchId(string jobId) => "batch_" + jobId["job_".Length..];

    /// <summary>The job of a batch id, or null when the id is not one of ours.</summary>
    public static string? JobOf(string batchId) =>
        batchId.Length == 30 && batchId.StartsWith("batch_", StringComparison.Ordinal) && IsHex(batchId.AsSpan(6)) ? "job_" + batchId[6..] : null;

    public static string OutputFileId(string jobId) => "file-" + jobId["job_".Length..] + OutputSuffix;

    public static string ErrorFileId(string jobId) => "file-" + jobId["job_".Length..] + ErrorsSuffix;

    /// <summary>The job and kind of a result file id, or null when it is not one.</summary>
    public static (string JobId, bool IsOutput)? ResultOf(string fileId)
    {
        var isOutput = fileId.EndsWith(OutputSuffix, StringComparison.Ordinal);
        if (!isOutput && !fileId.EndsWith(ErrorsSuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = fileId.AsSpan()["file-".Length..^OutputSuffix.Length];
        return fileId.StartsWith("file-", StringComparison.Ordinal) && digits.Length == 24 && IsHex(digits) ? ("job_" + digits.ToString(), isOutput) : null;
    }

    private static bool IsHex(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExcept("0123456789abcdef");
}
