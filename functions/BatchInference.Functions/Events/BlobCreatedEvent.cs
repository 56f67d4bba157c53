using System.Text.Json.Nodes;
using BatchInference.Functions.Invocation;

namespace BatchInference.Functions.Events;

/// <summary>
/// The parts of an Event Grid storage event the drop trigger needs, from the Event Grid schema
/// (<c>eventType</c>, <c>subject</c>, <c>data.url</c>) or the CloudEvents schema (<c>type</c>, <c>subject</c>, <c>data.url</c>).
/// </summary>
/// <param name="Id">The event id.</param>
/// <param name="EventType">e.g. <c>Microsoft.Storage.BlobCreated</c>.</param>
/// <param name="Url">The blob's URL.</param>
internal sealed record BlobCreatedEvent(string? Id, string EventType, Uri Url)
{
    public const string BlobCreatedType = "Microsoft.Storage.BlobCreated";

    public bool IsBlobCreated => string.Equals(EventType, BlobCreatedType, StringComparison.Ordinal);

    /// <exception cref="InvalidPayloadException">The event has no type or no absolute <c>data.url</c>.</exception>
    public static BlobCreatedEvent Parse(JsonNode node)
    {
        if (node is JsonArray { Count: 1 } single)
        {
            node = single[0]!; // an Event Grid batch of one, as the webhook delivers it
        }

        if (node is not JsonObject e)
        {
            throw new InvalidPayloadException("The event is not a JSON object.");
        }

        var type = PayloadValues.Text(e["eventType"]) ?? PayloadValues.Text(e["type"])
            ?? throw new InvalidPayloadException("The event has no \"eventType\" (or CloudEvents \"type\").");
        var url = PayloadValues.Property(e["data"], "url")
            ?? throw new InvalidPayloadException("The event has no \"data.url\".");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new InvalidPayloadException($"The event's data.url is not an absolute URL: '{url}'.");
        }

        return new BlobCreatedEvent(PayloadValues.Text(e["id"]), type, uri);
    }
}
