using System.Text;
using System.Text.Json;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Notifications;

/// <summary>
/// <c>results/&lt;jobId&gt;/notifications.jsonl</c>: one line per delivery attempt, next to the job's summary. Appended
/// with a conditional write (deliveries of one job run concurrently); an attempt already recorded (an activity run again
/// after a crash) is not recorded twice. Holds no secret and no URL query.
/// </summary>
internal static class NotificationLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task AppendAsync(IBlobStore blobs, string jobId, NotificationAttemptResult attempt, CancellationToken cancellationToken)
    {
        var name = StorageLayout.Notifications(jobId);
        var line = JsonSerializer.Serialize(attempt, Json) + "\n";
        while (true)
        {
            var current = await blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, name, cancellationToken).ConfigureAwait(false);
            var text = current?.Content.ToString() ?? string.Empty;
            if (ReadAll(text).Any(a => a.WebhookId == attempt.WebhookId && a.Attempt == attempt.Attempt))
            {
                return;
            }

            var written = await blobs.UploadAsync(
                StorageLayout.ResultsContainer, name, new BinaryData(Encoding.UTF8.GetBytes(text + line)),
                new BlobUploadOptions
                {
                    ContentType = "application/jsonl",
                    Conditions = current is null ? BlobConditions.IfNotExists : BlobConditions.IfUnchanged(current.Properties.ETag),
                },
                cancellationToken).ConfigureAwait(false);
            if (written.Succeeded)
            {
                return;
            }
        }
    }

    /// <summary>Every attempt recorded for the job, in the order written.</summary>
    public static async Task<IReadOnlyList<NotificationAttemptResult>> ReadAsync(IBlobStore blobs, string jobId, CancellationToken cancellationToken)
    {
        var current = await blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Notifications(jobId), cancellationToken)
            .ConfigureAwait(false);
        return current is null ? [] : ReadAll(current.Content.ToString());
    }

    private static List<NotificationAttemptResult> ReadAll(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<NotificationAttemptResult>(l, Json)!)];
}
