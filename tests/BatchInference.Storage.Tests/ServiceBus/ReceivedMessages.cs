using Azure.Messaging.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

/// <summary>Received messages as the broker would hand them out, built with the SDK's model factory.</summary>
internal static class ReceivedMessages
{
    public static readonly DateTimeOffset EnqueuedAt = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    public static ServiceBusReceivedMessage Create(
        string messageId = "m-1", string body = "{\"kind\":\"run_shard\"}", int deliveryCount = 1, IDictionary<string, object>? properties = null,
        DateTimeOffset? lockedUntil = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            contentType: "application/json",
            properties: properties,
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: deliveryCount,
            lockedUntil: lockedUntil ?? EnqueuedAt.AddMinutes(1),
            sequenceNumber: 42,
            enqueuedTime: EnqueuedAt);
}
