using Azure.Core;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Settings for <see cref="ServiceBusQueueClient"/>. Inherits Azure.Core's <see cref="ClientOptions.Retry"/>
/// (exponential back-off honouring <c>Retry-After</c>; retries 408, 429, 500, 502, 503, 504 and network errors), which is
/// the only retry layer. A retried send whose first attempt landed enqueues twice unless the queue has duplicate
/// detection on (the message id is set for that).
/// </summary>
public sealed class ServiceBusQueueOptions : ClientOptions
{
    /// <summary>The longest receive wait the client allows (the service answers a long poll within its own limits).</summary>
    public static readonly TimeSpan MaxReceiveWaitTime = TimeSpan.FromSeconds(60);

    /// <summary>Creates options with the defaults: 5 retries from 0.5 s up to 30 s, no receive wait, 1 min lock.</summary>
    public ServiceBusQueueOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);

        // Safe to show in Azure.Core's request logs. Lock tokens travel in the path, which Azure.Core logs; they are
        // only useful with a valid SAS or bearer token, which stays redacted with every other header by default.
        Diagnostics.LoggedQueryParameters.Add("timeout");
        Diagnostics.LoggedQueryParameters.Add("api-version");
    }

    /// <summary>
    /// The queue's <c>LockDuration</c> as configured on the entity (default 1 minute in Service Bus). The REST API
    /// cannot choose a lock duration per receive or renewal: the entity's applies. Used to compute
    /// <c>NextVisibleAt</c> after a renewal, whose answer carries no lock expiry.
    /// </summary>
    public TimeSpan QueueLockDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the first peek-lock request of a receive waits for a message (<c>timeout=</c>, whole seconds, rounded
    /// up). Zero (the default) answers at once, as <see cref="Queues.IWorkQueue.ReceiveAsync"/> promises; a positive
    /// value turns receives into long polls. At most <see cref="MaxReceiveWaitTime"/>.
    /// </summary>
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.Zero;

    /// <summary>How long a sent message lives (<c>TimeToLive</c>); null (the default) for the queue's default.</summary>
    public TimeSpan? MessageTimeToLive { get; set; }

    /// <summary>How long each SAS token is valid from the moment it is signed (connection-string auth only).</summary>
    public TimeSpan SasTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The queue <see cref="ServiceBusQueueClient.DeadLetterAsync"/> moves messages to; null (the default) for
    /// <c>{queue}-poison</c>, the engine's poison-queue name. It must exist in the same namespace.
    /// </summary>
    public string? DeadLetterQueueName { get; set; }

    /// <summary>Clock for scheduled enqueue times and SAS expiries. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (QueueLockDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueLockDuration), QueueLockDuration, "QueueLockDuration must be positive.");
        }

        if (ReceiveWaitTime < TimeSpan.Zero || ReceiveWaitTime > MaxReceiveWaitTime)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveWaitTime), ReceiveWaitTime, $"ReceiveWaitTime must be between zero and {MaxReceiveWaitTime}.");
        }

        if (MessageTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MessageTimeToLive), ttl, "MessageTimeToLive must be positive, or null for the queue's default.");
        }

        if (SasTokenLifetime < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SasTokenLifetime), SasTokenLifetime, "SasTokenLifetime must be at least one minute.");
        }

        if (DeadLetterQueueName is not null && string.IsNullOrWhiteSpace(DeadLetterQueueName))
        {
            throw new ArgumentException("DeadLetterQueueName must be a queue name, or null for {queue}-poison.", nameof(DeadLetterQueueName));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Retry.MaxRetries, "Retry.MaxRetries");
        if (Retry.Delay < TimeSpan.Zero || Retry.Delay > Retry.MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(Retry), "Retry.Delay must be between zero and Retry.MaxDelay.");
        }
    }
}
