using System.Text.Json;
using BatchInference.Jobs.Summary;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// The body of a webhook, in the Standard Webhooks shape: <c>{"type": "job.completed", "timestamp": "…", "data": {…}}</c>
/// where <c>data</c> is the job's <c>summary.json</c> (counts, cost, times; no prompt, no response) and <c>timestamp</c>
/// when the job finished. The same bytes at every attempt, since the summary is written once. A <c>batch.*</c> event of a
/// job created through the OpenAI-compatible API has OpenAI's webhook event shape instead (<see cref="BuildOpenAIEvent"/>).
/// </summary>
internal static class NotificationPayload
{
    public static byte[] Build(string eventType, JobSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", eventType);
            json.WriteString("timestamp", (summary.FinishedAt ?? summary.CreatedAt).ToUniversalTime());
            json.WritePropertyName("data");
            JsonSerializer.Serialize(json, summary, JobSummaryJsonContext.Default.JobSummary);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// OpenAI's webhook event: <c>{"object": "event", "id": "evt_…", "type": "batch.completed", "created_at": 1700000000,
    /// "data": {"id": "batch_…"}}</c>, <c>created_at</c> the job's finish time in Unix seconds (so the bytes are stable).
    /// </summary>
    public static byte[] BuildOpenAIEvent(JobNotification notification, JobSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object", "event");
            json.WriteString("id", notification.EventId);
            json.WriteString("type", notification.Event);
            json.WriteNumber("created_at", (summary.FinishedAt ?? summary.CreatedAt).ToUnixTimeSeconds());
            json.WriteStartObject("data");
            json.WriteString("id", notification.BatchId);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The summary's JSON alone: the <c>data</c> of an Event Grid CloudEvent.</summary>
    public static byte[] Summary(JobSummary summary) => JsonSerializer.SerializeToUtf8Bytes(summary, JobSummaryJsonContext.Default.JobSummary);
}
