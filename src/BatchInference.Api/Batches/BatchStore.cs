using System.Globalization;
using System.Text.Json;
using BatchInference.Api.Files;
using BatchInference.Storage.Blobs;

namespace BatchInference.Api.Batches;

/// <summary>A team's batch records in blob storage; a batch of another team is simply not found.</summary>
internal sealed class BatchStore(IBlobStore blobs)
{
    private const string CreatedKey = "created_ticks";

    /// <summary>Writes a new record (its id is new; a second write of the same id fails).</summary>
    public async Task CreateAsync(string team, BatchRecord record, CancellationToken cancellationToken)
    {
        var written = await blobs.UploadAsync(
            ApiLayout.Container, ApiLayout.Batch(team, record.BatchId), Serialize(record),
            new BlobUploadOptions
            {
                ContentType = "application/json",
                Conditions = BlobConditions.IfNotExists,
                // Listing reads the order from here, without opening every record.
                Metadata = new Dictionary<string, string> { [CreatedKey] = record.CreatedTicks.ToString(CultureInfo.InvariantCulture) },
            },
            cancellationToken).ConfigureAwait(false);
        if (!written.Succeeded)
        {
            throw new InvalidOperationException($"Batch {record.BatchId} exists already ({written.ErrorCode}).");
        }
    }

    /// <summary>The team's batch, or null.</summary>
    public async Task<BatchRecord?> GetAsync(string team, string batchId, CancellationToken cancellationToken) =>
        (await ReadAsync(team, batchId, cancellationToken).ConfigureAwait(false))?.Record;

    /// <summary>Applies <paramref name="change"/> with a conditional write, re-reading after a lost race.</summary>
    public async Task<BatchRecord?> UpdateAsync(string team, string batchId, Func<BatchRecord, BatchRecord> change, CancellationToken cancellationToken)
    {
        while (await ReadAsync(team, batchId, cancellationToken).ConfigureAwait(false) is { } current)
        {
            var next = change(current.Record);
            if (next == current.Record)
            {
                return next;
            }

            var written = await blobs.UploadAsync(
                ApiLayout.Container, ApiLayout.Batch(team, batchId), Serialize(next),
                new BlobUploadOptions
                {
                    ContentType = "application/json",
                    Conditions = BlobConditions.IfUnchanged(current.ETag),
                    Metadata = new Dictionary<string, string> { [CreatedKey] = next.CreatedTicks.ToString(CultureInfo.InvariantCulture) },
                },
                cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                return next;
            }
        }

        return null;
    }

    /// <summary>The ids of the team's batches, newest first (ties by id, descending), from one listing.</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string team, CancellationToken cancellationToken)
    {
        var prefix = ApiLayout.BatchesPrefix(team);
        var items = new List<(long Created, string Id)>();
        await foreach (var item in blobs.ListAsync(ApiLayout.Container, prefix, new BlobListOptions { IncludeMetadata = true }, cancellationToken)
            .ConfigureAwait(false))
        {
            var created = item.Metadata?.GetValueOrDefault(CreatedKey) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var s)
                ? s
                : item.LastModified.UtcTicks;
            items.Add((created, item.Name[prefix.Length..^".json".Length]));
        }

        return [.. items.OrderByDescending(i => i.Created).ThenByDescending(i => i.Id, StringComparer.Ordinal).Select(i => i.Id)];
    }

    private async Task<(BatchRecord Record, Azure.ETag ETag)?> ReadAsync(string team, string batchId, CancellationToken cancellationToken)
    {
        var name = ApiLayout.Batch(team, batchId);
        try
        {
            var download = await blobs.DownloadAsync(ApiLayout.Container, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var closing = download.ConfigureAwait(false);
            var record = await JsonSerializer.DeserializeAsync(download.Content, BatchRecordJson.Default.BatchRecord, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{name} is empty.");
            return (record, download.Properties.ETag);
        }
        catch (BlobStorageException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static BinaryData Serialize(BatchRecord record) => BinaryData.FromObjectAsJson(record, BatchRecordJson.Default.BatchRecord);
}
