using Azure.Core;

namespace BatchInference.Storage.Queues;

/// <summary>
/// Settings for <see cref="StorageQueueClient"/>. Inherits Azure.Core's <see cref="ClientOptions.Retry"/> (exponential
/// back-off honouring Retry-After; retries 408, 429, 5xx and network errors), transport and diagnostics; that retry
/// policy is the only retry layer. A retried send whose first attempt landed enqueues the message twice, which
/// idempotent handlers absorb.
/// </summary>
public sealed class StorageQueueOptions : ClientOptions
{
    /// <summary>Creates options with the defaults: messages never expire, 5 retries from 0.5 s up to 30 s.</summary>
    public StorageQueueOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);

        // Safe to show in Azure.Core's request logs; popreceipt and the SAS stay redacted.
        foreach (var name in (string[])["numofmessages", "visibilitytimeout", "messagettl", "comp"])
        {
            Diagnostics.LoggedQueryParameters.Add(name);
        }

        Diagnostics.LoggedHeaderNames.Add("x-ms-approximate-messages-count");
        Diagnostics.LoggedHeaderNames.Add("x-ms-time-next-visible");
    }

    /// <summary>
    /// How long a sent message lives before the service deletes it, received or not; null (the default) for never
    /// (<c>messagettl=-1</c>), which is what work items and durable timers want. Whole seconds (rounded up), at least
    /// 1 s, and it must exceed any send delay.
    /// </summary>
    public TimeSpan? MessageTimeToLive { get; set; }

    /// <summary>Clock for request dates (Shared Key signing). Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (MessageTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MessageTimeToLive), ttl, "MessageTimeToLive must be positive, or null for messages that never expire.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Retry.MaxRetries, "Retry.MaxRetries");
        if (Retry.Delay < TimeSpan.Zero || Retry.Delay > Retry.MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(Retry), "Retry.Delay must be between zero and Retry.MaxDelay.");
        }
    }
}
