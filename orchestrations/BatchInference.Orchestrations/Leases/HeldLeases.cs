using System.Collections.Concurrent;

namespace BatchInference.Orchestrations.Leases;

/// <summary>
/// The blobs one worker instance holds leases on. A worker proposes the same lease id for a blob every time (so a
/// restarted worker takes its leases back at once), and the storage service grants an acquire that proposes the id of
/// the lease already held: without this set, two handlers of the same worker (e.g. a retried activity still running) would
/// both "hold" a shard's lease and run it at the same time, paying for its lines twice.
/// </summary>
internal sealed class HeldLeases
{
    private readonly ConcurrentDictionary<(string Container, string Blob), byte> _held = new();

    /// <summary>Claims the blob for one holder of this worker; false when another holder of this worker has it.</summary>
    public bool TryClaim(string container, string blobName) => _held.TryAdd((container, blobName), 0);

    /// <summary>Gives the claim up (the lease was released, lost or never acquired).</summary>
    public void Release(string container, string blobName) => _held.TryRemove((container, blobName), out _);
}
