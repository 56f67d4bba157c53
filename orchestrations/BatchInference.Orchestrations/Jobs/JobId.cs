using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Job ids are derived from their source, never random, so a redelivered event or a re-run of the same command finds
/// the same job instead of starting (and paying for) a second one.
/// </summary>
public static class JobId
{
    /// <summary>Id of the job created by the blob <paramref name="container"/>/<paramref name="blobName"/> at version <paramref name="etag"/>.</summary>
    /// <remarks>A re-upload of the same name is new content with a new ETag, hence a new job.</remarks>
    public static string ForBlob(string container, string blobName, string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return FromParts("blob", container, blobName, etag.Trim('"'));
    }

    private static string FromParts(params string[] parts)
    {
        // Unit separator between parts: no part can contain it, so ("a","bc") and ("ab","c") never collide.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return "job_" + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
