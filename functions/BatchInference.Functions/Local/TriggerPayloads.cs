using System.Globalization;
using System.Text.Json.Nodes;
using BatchInference.Storage.Queues;

namespace BatchInference.Functions.Local;

/// <summary>
/// The custom-handler request payloads the Functions host posts, built the way it builds them: an Event Grid
/// <c>BlobCreated</c> event, a queue trigger with its metadata, a timer with its schedule status.
/// </summary>
internal static class TriggerPayloads
{
    /// <summary><c>JobDropped</c>: an Event Grid schema <c>Microsoft.Storage.BlobCreated</c> event for the blob.</summary>
    public static JsonObject BlobCreated(Uri blobEndpoint, string container, string blobName, string etag, long contentLength, DateTimeOffset now)
    {
        var url = blobEndpoint.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(container) + "/" + EscapePath(blobName);
        var e = new JsonObject
        {
            ["topic"] = "/local/storageAccounts/" + blobEndpoint.Host,
            ["subject"] = $"/blobServices/default/containers/{container}/blobs/{blobName}",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["id"] = Guid.NewGuid().ToString(),
            ["data"] = new JsonObject
            {
                ["api"] = "PutBlob",
                ["eTag"] = etag,
                ["contentLength"] = contentLength,
                ["blobType"] = "BlockBlob",
                ["url"] = url,
            },
            ["dataVersion"] = string.Empty,
            ["metadataVersion"] = "1",
            ["eventTime"] = Time(now),
        };
        return Envelope("JobDropped", new JsonObject { ["event"] = e }, new JsonObject(), now);
    }

    /// <summary><c>EngineWork</c>/<c>EnginePoison</c>: the message text under <c>message</c> and the queue metadata.</summary>
    public static JsonObject QueueMessage(string function, WorkQueueMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var metadata = new JsonObject
        {
            ["DequeueCount"] = message.DequeueCount,
            ["Id"] = message.Id,
            ["InsertionTime"] = Time(message.EnqueuedAt),
            ["NextVisibleTime"] = Time(message.NextVisibleAt),
            ["PopReceipt"] = message.LockToken,
        };
        return Envelope(function, new JsonObject { ["message"] = message.Body.ToString() }, metadata, now);
    }

    /// <summary><c>Nightly</c>: the timer info for <paramref name="slot"/>.</summary>
    public static JsonObject Timer(DateTimeOffset slot, DateTimeOffset? last, DateTimeOffset? next, bool isPastDue, DateTimeOffset now)
    {
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = false },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = last is { } l ? Time(l) : null,
                ["Next"] = next is { } n ? Time(n) : null,
                ["LastUpdated"] = Time(slot),
            },
            ["IsPastDue"] = isPastDue,
        };
        return Envelope("Nightly", new JsonObject { ["timer"] = timer }, new JsonObject(), now);
    }

    private static JsonObject Envelope(string function, JsonObject data, JsonObject metadata, DateTimeOffset now)
    {
        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = function,
            ["UtcNow"] = Time(now),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };
        return new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
    }

    private static string EscapePath(string blobName) => string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
