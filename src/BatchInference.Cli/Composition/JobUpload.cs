using System.Globalization;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Puts a local file where a user's drop would land: <c>jobs/incoming/&lt;name&gt;-&lt;time&gt;-&lt;random&gt;.jsonl</c>, with its
/// settings as the sidecar <c>.job.json</c> next to it (uploaded first, so the job never starts without them).
/// </summary>
internal static class JobUpload
{
    /// <returns>The input blob's name in <see cref="StorageLayout.JobsContainer"/>.</returns>
    public static async Task<string> UploadAsync(
        IBlobStore blobs, string inputPath, byte[]? sidecarJson, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var stem = Path.GetFileNameWithoutExtension(inputPath);
        // The random part keeps two uploads of one file in the same second apart: the second must not replace the
        // first job's input (a job is pinned to its input's ETag).
        var blobName = string.Create(
            CultureInfo.InvariantCulture,
            $"{StorageLayout.IncomingPrefix}{stem}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}.jsonl");
        if (sidecarJson is not null)
        {
            Require(await blobs.UploadAsync(
                StorageLayout.JobsContainer, StorageLayout.Sidecar(blobName), new BinaryData(sidecarJson),
                new BlobUploadOptions { ContentType = "application/json" }, cancellationToken));
        }

        await using (var input = File.OpenRead(inputPath))
        {
            Require(await blobs.UploadAsync(
                StorageLayout.JobsContainer, blobName, input,
                new BlobUploadOptions { ContentType = "application/jsonl", Conditions = BlobConditions.IfNotExists }, cancellationToken));
        }

        return blobName;
    }

    private static void Require(BlobWriteResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Upload failed: {result.Outcome} {result.ErrorCode}");
        }
    }
}
