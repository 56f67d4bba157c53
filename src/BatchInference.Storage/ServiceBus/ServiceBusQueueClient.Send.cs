using System.Text.Json;
using System.Text.Unicode;
using Azure;
using Azure.Core;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Sending: one message (Send Message) or many in one request (Send Message Batch).</summary>
public sealed partial class ServiceBusQueueClient
{
    // Custom properties that let a delayed abandon's copy pass for the original (see AbandonAsync).
    internal const string OriginalIdProperty = "BI-Original-Message-Id";
    internal const string PriorDeliveriesProperty = "BI-Prior-Deliveries";

    private const string BatchContentType = "application/vnd.microsoft.servicebus.json";

    /// <inheritdoc />
    /// <remarks>The message id is a new GUID; use the overload taking a message id for duplicate detection. The delay
    /// becomes <c>ScheduledEnqueueTimeUtc</c>, rounded up to the next whole second (the header has second precision).</remarks>
    /// <exception cref="ServiceBusRequestException">401, 403, the queue does not exist (410), or a failure that outlasted
    /// the retries.</exception>
    public Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        SendAsync(body, Guid.NewGuid().ToString("D"), delay, cancellationToken);

    /// <summary>Enqueues a message with the given id: with duplicate detection on, a second send of the same id within the
    /// queue's detection window is accepted and dropped, which makes retried sends exactly-once.</summary>
    /// <param name="body">The body, sent as is; its <see cref="BinaryData.MediaType"/> (or <c>application/octet-stream</c>)
    /// becomes the message's content type.</param>
    /// <param name="messageId">The message id (at most 128 characters).</param>
    /// <param name="delay">How long the message stays hidden; null or zero for now.</param>
    /// <param name="cancellationToken">Stops waiting for the send; the message may still have been enqueued.</param>
    /// <returns>The message id and when it becomes visible.</returns>
    /// <exception cref="ServiceBusRequestException">As for <see cref="SendAsync(BinaryData, TimeSpan?, CancellationToken)"/>.</exception>
    public Task<QueueReceipt> SendAsync(BinaryData body, string messageId, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ValidateMessageId(messageId);
        return SendOneAsync(body, messageId, ScheduleFor(delay, nameof(delay)), null, cancellationToken);
    }

    /// <summary>Enqueues several messages in one request (Send Message Batch): all are stored or none is. The service
    /// bounds a batch's total size (256 KiB on Standard, 1 MiB on Premium).</summary>
    /// <param name="messages">The messages, each with an optional id and delay.</param>
    /// <param name="cancellationToken">Stops waiting for the send; the batch may still have been enqueued.</param>
    /// <returns>One receipt per message, in order.</returns>
    /// <exception cref="ServiceBusRequestException">As for <see cref="SendAsync(BinaryData, TimeSpan?, CancellationToken)"/>;
    /// 403 when the batch is too large.</exception>
    public async Task<IReadOnlyList<QueueReceipt>> SendBatchAsync(
        IReadOnlyList<ServiceBusOutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }

        var planned = new List<(ServiceBusOutgoingMessage Message, string Id, DateTimeOffset? ScheduledAt)>(messages.Count);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            ArgumentNullException.ThrowIfNull(message.Body, nameof(messages));
            var id = message.MessageId ?? Guid.NewGuid().ToString("D");
            ValidateMessageId(id);
            planned.Add((message, id, ScheduleFor(message.Delay, nameof(messages))));
        }

        using var request = NewMessage(RequestMethod.Post, "/messages");
        request.Request.Headers.SetValue("Content-Type", BatchContentType);
        request.Request.Content = RequestContent.Create(BatchBody(planned.Select(p => (p.Message.Body, p.Id, p.ScheduledAt))));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw Failure(response.Status, "Send message batch");
        }

        var enqueuedAt = EnqueuedAt(response);
        var receipts = planned.Select(p => new QueueReceipt(p.Id, enqueuedAt, p.ScheduledAt ?? enqueuedAt)).ToList();
        Log.ServiceBusMessagesSent(_logger, receipts.Count, QueueName, planned.Sum(p => (long)p.Message.Body.ToMemory().Length), receipts[0].NextVisibleAt);
        return receipts;
    }

    // copyOf, for a delayed abandon's copy: the original's id and deliveries so far, sent as custom properties (HTTP
    // headers whose values are JSON literals).
    private async Task<QueueReceipt> SendOneAsync(
        BinaryData body, string messageId, DateTimeOffset? scheduledAt, (string Id, int Deliveries)? copyOf, CancellationToken cancellationToken)
    {
        using var request = NewMessage(RequestMethod.Post, "/messages");
        request.Request.Headers.SetValue(BrokerProperties.HeaderName, BrokerProperties.ForSend(messageId, scheduledAt, _options.MessageTimeToLive));
        request.Request.Headers.SetValue("Content-Type", body.MediaType ?? "application/octet-stream");
        if (copyOf is { } original)
        {
            request.Request.Headers.SetValue(OriginalIdProperty, JsonSerializer.Serialize(original.Id));
            request.Request.Headers.SetValue(PriorDeliveriesProperty, original.Deliveries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        request.Request.Content = RequestContent.Create(body);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw Failure(response.Status, "Send message");
        }

        var enqueuedAt = EnqueuedAt(response);
        var receipt = new QueueReceipt(messageId, enqueuedAt, scheduledAt ?? enqueuedAt);
        Log.ServiceBusMessagesSent(_logger, 1, QueueName, body.ToMemory().Length, receipt.NextVisibleAt);
        return receipt;
    }

    private byte[] BatchBody(IEnumerable<(BinaryData Body, string Id, DateTimeOffset? ScheduledAt)> messages)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (body, id, scheduledAt) in messages)
            {
                writer.WriteStartObject();
                var bytes = body.ToMemory().Span;
                if (Utf8.IsValid(bytes))
                {
                    writer.WriteString("Body", bytes);
                }
                else
                {
                    writer.WriteBase64String("Body", bytes);
                    writer.WriteBoolean("IsBodyBase64", true);
                }

                writer.WritePropertyName(BrokerProperties.HeaderName);
                BrokerProperties.WriteForSend(writer, id, scheduledAt, _options.MessageTimeToLive);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>The scheduled enqueue time for a delay, rounded up to a whole second; null for none.</summary>
    private DateTimeOffset? ScheduleFor(TimeSpan? delay, string parameterName)
    {
        if (delay is not { } span || span == TimeSpan.Zero)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero, parameterName);
        var due = _options.TimeProvider.GetUtcNow() + span;
        var remainder = due.UtcTicks % TimeSpan.TicksPerSecond;
        return remainder == 0 ? due : due.AddTicks(TimeSpan.TicksPerSecond - remainder);
    }

    /// <summary>The queue's clock (the answer's Date header) when it sent one; ours otherwise.</summary>
    private DateTimeOffset EnqueuedAt(Response response) =>
        response.Headers.TryGetValue("Date", out var date) && BlobResponses.ParseHttpDate(date) is { } serverTime
            ? serverTime
            : _options.TimeProvider.GetUtcNow();

    private static void ValidateMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageId.Length, 128, nameof(messageId));
    }
}
