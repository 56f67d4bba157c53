using System.Globalization;
using System.Text.Json;
using Azure.Core;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Dead-lettering a received message explicitly, with a reason.</summary>
public sealed partial class ServiceBusQueueClient
{
    /// <summary>The properties a dead-lettered copy carries: the names Service Bus itself sets on dead-lettered messages.</summary>
    public const string DeadLetterReasonProperty = "DeadLetterReason";

    /// <inheritdoc cref="DeadLetterReasonProperty"/>
    public const string DeadLetterErrorDescriptionProperty = "DeadLetterErrorDescription";

    /// <inheritdoc cref="DeadLetterReasonProperty"/>
    public const string DeadLetterSourceProperty = "DeadLetterSource";

    /// <summary>The longest reason or description sent; longer ones are cut (they travel as HTTP headers).</summary>
    public const int MaxDeadLetterTextLength = 4096;

    /// <summary>The queue <see cref="DeadLetterAsync"/> moves messages to (<see cref="ServiceBusQueueOptions.DeadLetterQueueName"/>).</summary>
    public string DeadLetterQueueName => _options.DeadLetterQueueName ?? QueueName + "-poison";

    /// <summary>
    /// Moves a received message aside for a person to look at, with why. Service Bus's own <c>$DeadLetterQueue</c> takes
    /// messages only through the broker's dead-letter gesture, which the REST API does not offer, so the message goes
    /// to <see cref="DeadLetterQueueName"/> instead: a copy (Send Message: same body, same MessageId, so duplicate
    /// detection there drops a re-sent copy) carrying <c>DeadLetterReason</c>, <c>DeadLetterErrorDescription</c> and
    /// <c>DeadLetterSource</c> as custom properties plus the deliveries so far, and then the original is completed.
    /// </summary>
    /// <param name="message">The message as last received or renewed.</param>
    /// <param name="reason">A short code, e.g. <c>MaxDeliveryCountExceeded</c> or <c>InvalidBody</c>.</param>
    /// <param name="description">What went wrong, for a person; null for none. Never put secrets or prompts here.</param>
    /// <param name="cancellationToken">Stops waiting; the copy may already have been sent.</param>
    /// <returns><see cref="SettleOutcome.Applied"/>; <see cref="SettleOutcome.LockLost"/> when the original's lock was lost
    /// after the copy was sent (the message is then both dead-lettered and delivered again: handlers are idempotent).</returns>
    /// <exception cref="ServiceBusRequestException">401, 403, the dead-letter queue does not exist (404/410), or a failure
    /// that outlasted the retries; the original stays locked and reappears when its lock lapses.</exception>
    public async Task<SettleOutcome> DeadLetterAsync(
        WorkQueueMessage message, string reason, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ValidateMessageId(message.Id);
        var target = DeadLetterQueueName;
        using (var request = NewMessage(RequestMethod.Post, "/messages", EntityUri(target)))
        {
            request.Request.Headers.SetValue(BrokerProperties.HeaderName, BrokerProperties.ForSend(message.Id, null, null));
            request.Request.Headers.SetValue("Content-Type", message.Body.MediaType ?? "application/octet-stream");
            request.Request.Headers.SetValue(DeadLetterReasonProperty, JsonSerializer.Serialize(Cut(reason)));
            if (description is not null)
            {
                request.Request.Headers.SetValue(DeadLetterErrorDescriptionProperty, JsonSerializer.Serialize(Cut(description)));
            }

            request.Request.Headers.SetValue(DeadLetterSourceProperty, JsonSerializer.Serialize(QueueName));
            request.Request.Headers.SetValue(PriorDeliveriesProperty, message.DequeueCount.ToString(CultureInfo.InvariantCulture));
            request.Request.Content = RequestContent.Create(message.Body);
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Status != 201)
            {
                throw Failure(response.Status, "Dead-letter message (send the copy)", target);
            }
        }

        Log.ServiceBusDeadLettered(_logger, message.Id, QueueName, target, reason);
        return await CompleteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static string Cut(string text) => text.Length <= MaxDeadLetterTextLength ? text : text[..(MaxDeadLetterTextLength - 1)] + "…";
}
