using System.Globalization;
using System.Text.Json;
using BatchInference.Emulator.Batches;

namespace BatchInference.Emulator.Anthropic.MessageBatches;

/// <summary>
/// Anthropic's <c>message_batch</c> object (https://docs.claude.com/en/api/retrieving-message-batches):
/// <c>processing_status</c> in_progress / canceling / ended, <c>request_counts</c> (processing, succeeded, errored,
/// canceled, expired — "Requests start as processing and move to one of the other statuses only once processing of the
/// entire batch ends"), RFC 3339 times and <c>results_url</c> (set once ended).
/// </summary>
internal static class MessageBatchWriter
{
    public static void Write(Utf8JsonWriter writer, BatchSnapshot batch, Uri baseAddress)
    {
        var ended = batch.IsTerminal;
        writer.WriteStartObject();
        writer.WriteString("id", batch.Id);
        writer.WriteString("type", "message_batch");
        writer.WriteString("processing_status", ended ? "ended" : batch.Phase == BatchPhase.Cancelling ? "canceling" : "in_progress");
        writer.WriteStartObject("request_counts");
        writer.WriteNumber("processing", ended ? 0 : batch.Total);
        writer.WriteNumber("succeeded", ended ? batch.Count(BatchLineOutcome.Succeeded) : 0);
        writer.WriteNumber("errored", ended ? batch.Count(BatchLineOutcome.Failed) : 0);
        writer.WriteNumber("canceled", ended ? batch.Count(BatchLineOutcome.Cancelled) : 0);
        writer.WriteNumber("expired", ended ? batch.Count(BatchLineOutcome.Expired) : 0);
        writer.WriteEndObject();
        WriteTime(writer, "ended_at", batch.Times.EndedAt);
        WriteTime(writer, "created_at", batch.Times.CreatedAt);
        WriteTime(writer, "expires_at", batch.Times.ExpiresAt);
        writer.WriteNull("archived_at");
        WriteTime(writer, "cancel_initiated_at", batch.Times.CancellingAt);
        writer.WriteString("results_url", ended ? new Uri(baseAddress, $"v1/messages/batches/{batch.Id}/results").AbsoluteUri : null);
        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<BatchSnapshot> page, bool hasMore, Uri baseAddress)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var batch in page)
        {
            Write(writer, batch, baseAddress);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("has_more", hasMore);
        writer.WriteString("first_id", page.Count > 0 ? page[0].Id : null);
        writer.WriteString("last_id", page.Count > 0 ? page[^1].Id : null);
        writer.WriteEndObject();
    }

    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, Rfc3339(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
