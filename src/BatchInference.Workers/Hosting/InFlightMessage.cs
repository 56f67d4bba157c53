using BatchInference.Storage.Queues;

namespace BatchInference.Workers.Hosting;

/// <summary>A received message while its handler runs: its lock renewal, its processing task, and the claim that makes
/// exactly one party settle it — the processing task when the handler finishes, or the stop path when it does not.</summary>
internal sealed class InFlightMessage(WorkQueueMessage received, LockRenewal renewal)
{
    private int _claimed;

    /// <summary>The message as received (with its first lock token); the renewal holds the current one.</summary>
    public WorkQueueMessage Received { get; } = received;

    public LockRenewal Lock { get; } = renewal;

    /// <summary>Set by the receive loop right after starting it, before the loop can hand the message to the stop path.</summary>
    public Task Processing { get; set; } = Task.CompletedTask;

    /// <summary>True for the first caller only: that caller settles the message.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}
