using System.Globalization;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Puts a local file where a user's drop would land: <c>jobs/incoming/&lt;name&gt;-&lt;time&gt;-&lt;random&gt;.jsonl</c> (or a
/// folder under <c>incoming/</c>), with its settings as the sidecar <c>.job.json</c> next to it (uploaded first, so the
/// job never starts without them, also when a trigger picks the drop up at once). Without settings the input carries
/// the metadata <c>sidecar=none</c>, so the engine starts it at once instead of waiting for a sidecar.
/// </summary>
internal static class JobUpload
{
    /// <returns>The input blob's name in <see cref="StorageLayout.JobsContainer"/>.</returns>
    public static Task<string> UploadAsync(
        IBlobStore blobs, string inputPath, byte[]? sidecarJson, TimeProvider time, CancellationToken cancellationToken = default) =>
        UploadAsync(blobs, inputPath, sidecarJson, time, StorageLayout.IncomingPrefix, cancellationToken);

    /// <param name="blobs">The storage account's blobs.</param>
    /// <param name="inputPath">The local JSONL file.</param>
    /// <param name="sidecarJson">The job settings, or null for none.</param>
    /// <param name="time">The clock (the name carries the upload time).</param>
    /// <param name="folder">The folder in the jobs container, ending in '/', e.g. <c>incoming/</c>.</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <returns>The input blob's name in <see cref="StorageLayout.JobsContainer"/>.</returns>
    public static async Task<string> UploadAsync(
        IBlobStore blobs, string inputPath, byte[]? sidecarJson, TimeProvider time, string folder, CancellationToken cancellationToken = default)
    {
        var stem = Path.GetFileNameWithoutExtension(inputPath);
        // The random part keeps two uploads of one file in the same second apart: the second must not replace the
        // first job's input (a job is pinned to its input's ETag).
        var blobName = string.Create(
            CultureInfo.InvariantCulture,
            $"{folder}{stem}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..6]}.jsonl");
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
                new BlobUploadOptions
                {
                    ContentType = "application/jsonl",
                    Conditions = BlobConditions.IfNotExists,
                    Metadata = sidecarJson is null ? NoSidecar : null,
                },
                cancellationToken));
        }

        return blobName;
    }

    private static readonly Dictionary<string, string> NoSidecar = new() { ["sidecar"] = "none" };

    private static void Require(BlobWriteResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Upload failed: {result.Outcome} {result.ErrorCode}");
        }
    }
}
