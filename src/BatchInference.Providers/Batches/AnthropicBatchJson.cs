using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Reads Anthropic's <c>message_batch</c> object into a <see cref="ProviderBatch"/>. Anthropic's batches carry no
/// metadata, so the key is whatever the caller knows (null when it knows none). An <c>ended</c> batch maps by its
/// request counts: any canceled request makes it <see cref="ProviderBatchStatus.Cancelled"/>, else any expired one
/// <see cref="ProviderBatchStatus.Expired"/>, else <see cref="ProviderBatchStatus.Completed"/>.
/// </summary>
internal static class AnthropicBatchJson
{
    public static ProviderBatch Parse(JsonElement batch, BatchKey? key = null)
    {
        var id = BatchJsonFields.String(batch, "id")
            ?? throw new BatchProviderException("The provider's message batch object has no id.", 200);
        var counts = BatchJsonFields.Object(batch, "request_counts") ?? default;
        var processing = Count(counts, "processing");
        var succeeded = Count(counts, "succeeded");
        var errored = Count(counts, "errored");
        var canceled = Count(counts, "canceled");
        var expired = Count(counts, "expired");
        var status = BatchJsonFields.String(batch, "processing_status") switch
        {
            "canceling" => ProviderBatchStatus.Cancelling,
            "ended" when canceled > 0 => ProviderBatchStatus.Cancelled,
            "ended" when expired > 0 => ProviderBatchStatus.Expired,
            "ended" => ProviderBatchStatus.Completed,
            _ => ProviderBatchStatus.InProgress,
        };
        var resultsUrl = BatchJsonFields.String(batch, "results_url");
        return new ProviderBatch(
            id,
            status,
            key,
            processing + succeeded + errored + canceled + expired,
            succeeded,
            errored,
            BatchJsonFields.Time(batch, "created_at") ?? DateTimeOffset.UnixEpoch,
            BatchJsonFields.Time(batch, "expires_at"),
            ResultsUrl: Uri.TryCreate(resultsUrl, UriKind.Absolute, out var url) ? url : null);
    }

    private static int Count(JsonElement counts, string name) => (int)(BatchJsonFields.Integer(counts, name) ?? 0);
}
