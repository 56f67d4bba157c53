using System.Globalization;
using System.Runtime.CompilerServices;
using BatchInference.Api.Batches;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Api.Files;

/// <summary>
/// A team's files in blob storage: uploads are written once where their batches' jobs read them; output and error
/// files are the jobs' result blobs, visible to the team that owns the batch. Nothing is copied.
/// </summary>
internal sealed class FileStore(IBlobStore blobs, BatchStore batches)
{
    private const string FilenameKey = "filename";
    private const string PurposeKey = "purpose";
    private const string CreatedKey = "created_at";

    /// <summary>Writes an upload; its id is new, so the write never replaces anything.</summary>
    public async Task<ApiFile> UploadAsync(
        string team, string filename, string purpose, Stream content, long bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = ApiIds.NewFileId();
        var blob = ApiLayout.File(team, id);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Metadata values are ASCII: the name travels escaped.
            [FilenameKey] = Uri.EscapeDataString(filename),
            [PurposeKey] = purpose,
            [CreatedKey] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            // A job reads its settings from its batch, never from a sidecar next to this blob.
            ["sidecar"] = "none",
        };
        var written = await blobs.UploadAsync(
            ApiLayout.Container, blob, content,
            new BlobUploadOptions { ContentType = "application/jsonl", Metadata = metadata, Conditions = BlobConditions.IfNotExists },
            cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            throw new InvalidOperationException($"Writing {blob} failed: {written.Outcome} {written.ErrorCode}.");
        }

        return new ApiFile(id, bytes, now, filename, purpose, ApiLayout.Container, blob);
    }

    /// <summary>The team's file, or null when the team has no such file.</summary>
    public async Task<ApiFile?> GetAsync(string team, string fileId, CancellationToken cancellationToken)
    {
        if (ApiIds.IsUploadId(fileId))
        {
            var blob = ApiLayout.File(team, fileId);
            var properties = await blobs.GetPropertiesAsync(ApiLayout.Container, blob, cancellationToken).ConfigureAwait(false);
            return properties is null ? null : Upload(fileId, blob, properties.ContentLength, properties.Metadata, properties.LastModified);
        }

        if (ApiIds.ResultOf(fileId) is not { } result
            || await batches.GetAsync(team, ApiIds.BatchId(result.JobId), cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var name = result.IsOutput ? StorageLayout.Output(result.JobId) : StorageLayout.Errors(result.JobId);
        var resultProperties = await blobs.GetPropertiesAsync(StorageLayout.ResultsContainer, name, cancellationToken).ConfigureAwait(false);
        return resultProperties is null ? null : Result(fileId, result.JobId, result.IsOutput, resultProperties.ContentLength, resultProperties.LastModified);
    }

    /// <summary>The team's uploads, then the output and error files of its batches, newest first.</summary>
    public async IAsyncEnumerable<ApiFile> ListAsync(string team, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = new List<ApiFile>();
        await foreach (var item in blobs.ListAsync(
            ApiLayout.Container, ApiLayout.FilesPrefix(team), new BlobListOptions { IncludeMetadata = true }, cancellationToken).ConfigureAwait(false))
        {
            var id = item.Name[ApiLayout.FilesPrefix(team).Length..^".jsonl".Length];
            if (ApiIds.IsUploadId(id))
            {
                files.Add(Upload(id, item.Name, item.ContentLength, item.Metadata ?? new Dictionary<string, string>(), item.LastModified));
            }
        }

        foreach (var batchId in await batches.ListIdsAsync(team, cancellationToken).ConfigureAwait(false))
        {
            if (ApiIds.JobOf(batchId) is not { } jobId)
            {
                continue;
            }

            foreach (var id in new[] { ApiIds.OutputFileId(jobId), ApiIds.ErrorFileId(jobId) })
            {
                if (await GetAsync(team, id, cancellationToken).ConfigureAwait(false) is { } file)
                {
                    files.Add(file);
                }
            }
        }

        foreach (var file in files.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id, StringComparer.Ordinal))
        {
            yield return file;
        }
    }

    /// <summary>The file's content, or null when it is gone.</summary>
    public async Task<BlobDownload?> OpenAsync(ApiFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.DownloadAsync(file.Container, file.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStorageException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the file's blob; false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(ApiFile file, CancellationToken cancellationToken) =>
        await blobs.DeleteIfExistsAsync(file.Container, file.Blob, cancellationToken: cancellationToken).ConfigureAwait(false) == BlobDeleteOutcome.Deleted;

    private static ApiFile Upload(string id, string blob, long bytes, IReadOnlyDictionary<string, string> metadata, DateTimeOffset lastModified)
    {
        var created = metadata.TryGetValue(CreatedKey, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : lastModified;
        var filename = metadata.TryGetValue(FilenameKey, out var escaped) ? Uri.UnescapeDataString(escaped) : id + ".jsonl";
        return new ApiFile(id, bytes, created, filename, metadata.GetValueOrDefault(PurposeKey, "batch"), ApiLayout.Container, blob);
    }

    private static ApiFile Result(string id, string jobId, bool isOutput, long bytes, DateTimeOffset lastModified) => new(
        id, bytes, lastModified, $"{ApiIds.BatchId(jobId)}_{(isOutput ? "output" : "error")}.jsonl", "batch_output",
        StorageLayout.ResultsContainer, isOutput ? StorageLayout.Output(jobId) : StorageLayout.Errors(jobId));
}
