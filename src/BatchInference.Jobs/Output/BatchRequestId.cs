using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Jobs.Output;

/// <summary>
/// The <c>id</c> of an output line: <c>batch_req_</c> followed by 32 lowercase hex digits of the SHA-256 of
/// <c>"{jobId}:{lineNumber}"</c>. Deterministic, so a re-run of the same job writes identical files.
/// </summary>
public static class BatchRequestId
{
    /// <summary>The prefix every id starts with, as in OpenAI's batch output.</summary>
    public const string Prefix = "batch_req_";

    /// <summary>Creates the id of the output line for input line <paramref name="lineNumber"/> of job <paramref name="jobId"/>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lineNumber">The 1-based input line number.</param>
    /// <returns>An id like <c>batch_req_3f2a…</c> (42 characters).</returns>
    public static string Create(string jobId, long lineNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThan(lineNumber, 1);
        var source = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{jobId}:{lineNumber}"));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(source, hash);
        return string.Concat(Prefix, Convert.ToHexStringLower(hash[..16]));
    }
}
