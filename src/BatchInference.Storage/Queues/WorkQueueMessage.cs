using System.Text;

namespace BatchInference.Storage.Queues;

/// <summary>A received message and the lock that lets its receiver settle it.</summary>
/// <param name="Id">The message id (stable across redeliveries).</param>
/// <param name="Body">The body as sent.</param>
/// <param name="DequeueCount">How many times the message has been received, this time included (1 on first delivery).</param>
/// <param name="EnqueuedAt">When the message was sent (the queue's clock).</param>
/// <param name="NextVisibleAt">When the lock lapses and the message becomes visible again (the queue's clock).</param>
/// <param name="LockToken">
/// Opaque proof of the current lock (a Storage Queue pop receipt): only the queue that issued it interprets it. It
/// changes on every receive, renewal and abandon. It is a credential for this message: never log or persist it.
/// </param>
public sealed record WorkQueueMessage(
    string Id,
    BinaryData Body,
    int DequeueCount,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset NextVisibleAt,
    string LockToken)
{
    // ToString lands in logs and assertion messages: keep the lock token and the body (which may hold prompts) out.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Id = ").Append(Id)
            .Append(", BodyLength = ").Append(Body.ToMemory().Length)
            .Append(", DequeueCount = ").Append(DequeueCount)
            .Append(", EnqueuedAt = ").Append(EnqueuedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", NextVisibleAt = ").Append(NextVisibleAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}
