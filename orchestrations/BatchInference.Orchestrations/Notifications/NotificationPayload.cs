using System.Text.Json;
using BatchInference.Jobs.Summary;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// The body of a webhook, in the Standard Webhooks shape: <c>{"type": "job.completed", "timestamp": "…", "data": {…}}</c>
/// where <c>data</c> is the job's <c>summary.json</c> (counts, cost, times; no prompt, no response) and <c>timestamp</c>
/// when the job finished. The same bytes at every attempt, since the summary is written once.
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
}
