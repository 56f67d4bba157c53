using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Jobs.Identity;

/// <summary>
/// The one recipe for job ids: <c>job_</c> and 24 lowercase hex digits of SHA-256 over the source's parts joined by
/// U+001F (no part can contain it, so ("a","bc") and ("ab","c") never collide). The first part names the kind of
/// source (<c>blob</c>, <c>message</c>), so ids of different kinds never collide either.
/// </summary>
public static class JobIdHash
{
    /// <summary>The job id of a source described by <paramref name="parts"/>.</summary>
    /// <param name="parts">The source kind, then its identifying parts.</param>
    /// <returns>e.g. <c>job_3f2a…</c> (28 characters).</returns>
    public static string Of(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return "job_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
