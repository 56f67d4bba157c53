using System.Text.Json.Nodes;
using BatchInference.Functions.Invocation;
using BatchInference.Storage.Queues;

namespace BatchInference.Functions.Functions;

/// <summary>
/// A queue trigger's invocation as a <see cref="WorkQueueMessage"/>: the body from <c>Data</c> (the host has already
/// Base64-decoded it), the rest from the queue trigger metadata (<c>Id</c>, <c>DequeueCount</c>, <c>InsertionTime</c>,
/// <c>NextVisibleTime</c>, <c>PopReceipt</c>). The host settles the message; the pop receipt is only carried along.
/// </summary>
internal static class QueueTriggerMessage
{
    /// <exception cref="InvalidPayloadException">The body or the message id is missing.</exception>
    public static WorkQueueMessage From(InvocationRequest request, string bindingName, TimeProvider timeProvider)
    {
        var body = request.Binding(bindingName) switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => BinaryData.FromString(text),
            JsonNode json when json is JsonObject or JsonArray => BinaryData.FromString(json.ToJsonString()), // JSON the host parsed for us
            _ => throw new InvalidPayloadException($"\"Data.{bindingName}\" is not a queue message body."),
        };
        var id = request.MetadataText("Id") ?? throw new InvalidPayloadException("\"Metadata\" has no queue message \"Id\".");
        var dequeueCount = PayloadValues.Int(request.Metadata["DequeueCount"])
            ?? throw new InvalidPayloadException("\"Metadata\" has no numeric \"DequeueCount\".");
        var now = timeProvider.GetUtcNow();
        return new WorkQueueMessage(
            id,
            body,
            dequeueCount,
            PayloadValues.Date(request.Metadata["InsertionTime"]) ?? now,
            PayloadValues.Date(request.Metadata["NextVisibleTime"]) ?? now,
            request.MetadataText("PopReceipt") ?? string.Empty);
    }
}
