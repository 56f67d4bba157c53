namespace BatchInference.Storage.Queues;

/// <summary>What the queue answered to a send.</summary>
/// <param name="MessageId">The id the queue gave the message.</param>
/// <param name="EnqueuedAt">When the queue stored it (the queue's clock).</param>
/// <param name="NextVisibleAt">When receivers can first get it (the queue's clock): <paramref name="EnqueuedAt"/>
/// plus the delay.</param>
public sealed record QueueReceipt(string MessageId, DateTimeOffset EnqueuedAt, DateTimeOffset NextVisibleAt);
