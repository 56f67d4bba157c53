using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Reads OpenAI's batch object (also Azure OpenAI's, whose older versions write times as ISO text and statuses
/// capitalized) into a <see cref="ProviderBatch"/>.
/// </summary>
internal static class OpenAIBatchJson
{
    public static ProviderBatch Parse(JsonElement batch)
    {
        var id = BatchJsonFields.String(batch, "id")
            ?? throw new BatchProviderException("The provider's batch object has no id.", 200);
        var counts = BatchJsonFields.Object(batch, "request_counts") ?? default;
        return new ProviderBatch(
            id,
            ParseStatus(BatchJsonFields.String(batch, "status")),
            BatchKey.FromMetadata(ReadMetadata(batch)),
            (int)(BatchJsonFields.Integer(counts, "total") ?? 0),
            (int)(BatchJsonFields.Integer(counts, "completed") ?? 0),
            (int)(BatchJsonFields.Integer(counts, "failed") ?? 0),
            BatchJsonFields.Time(batch, "created_at") ?? DateTimeOffset.UnixEpoch,
            BatchJsonFields.Time(batch, "expires_at"),
            OutputFileId: BatchJsonFields.String(batch, "output_file_id"),
            ErrorFileId: BatchJsonFields.String(batch, "error_file_id"));
    }

    /// <summary>An unknown status reads as in progress: the watcher keeps polling and its deadline still applies.</summary>
    public static ProviderBatchStatus ParseStatus(string? status) => status?.ToUpperInvariant() switch
    {
        "VALIDATING" => ProviderBatchStatus.Validating,
        "FAILED" => ProviderBatchStatus.Failed,
        "FINALIZING" => ProviderBatchStatus.Finalizing,
        "COMPLETED" => ProviderBatchStatus.Completed,
        "EXPIRED" => ProviderBatchStatus.Expired,
        "CANCELLING" => ProviderBatchStatus.Cancelling,
        "CANCELLED" => ProviderBatchStatus.Cancelled,
        _ => ProviderBatchStatus.InProgress,
    };

    private static Dictionary<string, string>? ReadMetadata(JsonElement batch)
    {
        if (BatchJsonFields.Object(batch, "metadata") is not { } metadata)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in metadata.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                values[property.Name] = property.Value.GetString()!;
            }
        }

        return values;
    }
}
