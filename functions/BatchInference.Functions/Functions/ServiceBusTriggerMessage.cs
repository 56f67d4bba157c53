using System.Globalization;
using System.Text.Json.Nodes;
using BatchInference.Functions.Invocation;
using BatchInference.Storage.Queues;
using BatchInference.Storage.ServiceBus;

namespace BatchInference.Functions.Functions;

/// <summary>
/// A serviceBusTrigger invocation as a <see cref="WorkQueueMessage"/>: the body from <c>Data</c> (text as sent, or JSON
/// the host parsed), the rest from the trigger metadata (<c>MessageId</c>, <c>DeliveryCount</c>,
/// <c>EnqueuedTimeUtc</c>, <c>LockToken</c>, <c>ApplicationProperties</c> or, from older extensions,
/// <c>UserProperties</c>). A copy <see cref="ServiceBusWorkQueue.AbandonAsync"/> scheduled for a delayed abandon carries
/// the original id and deliveries as application properties; they are honoured, as the adapter's receive does. The host
/// settles the message, not the handler.
/// </summary>
internal static class ServiceBusTriggerMessage
{
    private const string OriginalIdProperty = ServiceBusWorkQueue.OriginalIdProperty;
    private const string PriorDeliveriesProperty = ServiceBusWorkQueue.PriorDeliveriesProperty;

    /// <exception cref="InvalidPayloadException">The body, <c>MessageId</c> or a numeric <c>DeliveryCount</c> is missing.</exception>
    public static WorkQueueMessage From(InvocationRequest request, string bindingName, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Binding(bindingName) switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => BinaryData.FromString(text),
            JsonNode json when json is JsonObject or JsonArray => BinaryData.FromString(json.ToJsonString()),
            _ => throw new InvalidPayloadException($"\"Data.{bindingName}\" is not a Service Bus message body."),
        };
        var messageId = request.MetadataText("MessageId") ?? throw new InvalidPayloadException("\"Metadata\" has no Service Bus \"MessageId\".");
        var deliveries = PayloadValues.Int(request.Metadata["DeliveryCount"])
            ?? throw new InvalidPayloadException("\"Metadata\" has no numeric \"DeliveryCount\".");
        var prior = int.TryParse(Property(request, PriorDeliveriesProperty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var now = timeProvider.GetUtcNow();
        return new WorkQueueMessage(
            Property(request, OriginalIdProperty) ?? messageId,
            body,
            deliveries + prior,
            PayloadValues.Date(request.Metadata["EnqueuedTimeUtc"]) ?? now,
            PayloadValues.Date(request.Metadata["LockedUntilUtc"]) ?? now,
            request.MetadataText("LockToken") ?? string.Empty);
    }

    /// <summary>An application property of the message (also the dead-letter reason and description Service Bus adds).</summary>
    public static string? Property(InvocationRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PayloadValues.Property(request.Metadata["ApplicationProperties"], name)
            ?? PayloadValues.Property(request.Metadata["UserProperties"], name)
            ?? request.MetadataText(name);
    }
}
