using BatchInference.Storage.Queues;

namespace BatchInference.Workers;

/// <summary>
/// Runs the work one queue message stands for. <see cref="WorkerHost"/> calls it for each message it receives, many at
/// once. Delivery is at least once, so handling must be idempotent: the same message may arrive again after a crash, a
/// lost lock or a duplicate send.
/// </summary>
public interface IWorkHandler
{
    /// <summary>Handles one message. Throwing means the attempt failed: the message is abandoned with a back-off delay
    /// and delivered again, until it has been delivered more than <see cref="WorkerOptions.MaxDeliveryCount"/> times.</summary>
    /// <param name="message">The received message. Do not settle it: the host does, according to the outcome.</param>
    /// <param name="cancellationToken">Cancelled when the host stops (the message is then abandoned for another worker)
    /// or when the message's lock is lost (another receiver may own it now; nothing is settled).</param>
    /// <returns>What to do with the message.</returns>
    Task<WorkOutcome> HandleAsync(WorkQueueMessage message, CancellationToken cancellationToken);

    /// <summary>Called once for a message delivered more than <see cref="WorkerOptions.MaxDeliveryCount"/> times, before
    /// it is moved to the poison queue; the place to mark the work failed. An exception from it is logged and the message
    /// is still moved aside. Idempotent like <see cref="HandleAsync"/>: if moving the message aside fails (or the
    /// process dies first) the next delivery calls it again.</summary>
    /// <param name="message">The message, as received for the last time.</param>
    /// <param name="reason">Why it is poison, e.g. "delivered 6 times without completing (max 5)".</param>
    /// <param name="cancellationToken">Cancelled when the host stops or the message's lock is lost.</param>
    /// <returns>A task that completes when the failure is recorded.</returns>
    Task OnPoisonAsync(WorkQueueMessage message, string reason, CancellationToken cancellationToken);
}
