using System.Security.Cryptography;
using System.Text;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Orchestrations.Leases;

/// <summary>
/// An exclusive right held as a blob lease and renewed in the background. If a renewal fails (the lease was lost, or
/// storage was unreachable for longer than the lease lasts), <see cref="Lost"/> is cancelled so the holder stops
/// working before someone else starts. The lease id is derived from the worker id and the blob, so a worker restarted
/// with the same id takes its own leases back at once instead of waiting for them to lapse; within one worker instance,
/// <see cref="HeldLeases"/> keeps that shortcut from letting two of its handlers hold the same lease at once.
/// </summary>
internal sealed class BlobLeaseHolder : IAsyncDisposable
{
    private readonly IBlobStore _blobs;
    private readonly string _container;
    private readonly string _blobName;
    private readonly ILogger _logger;
    private readonly HeldLeases _held;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;

    private BlobLeaseHolder(
        IBlobStore blobs, HeldLeases held, string container, string blobName, string leaseId, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        _held = held;
        _blobs = blobs;
        _container = container;
        _blobName = blobName;
        _logger = logger;
        LeaseId = leaseId;
        _renewal = RenewAsync(duration, time, _stop.Token);
    }

    public string LeaseId { get; }

    /// <summary>Cancelled when the lease could not be renewed: stop working on what it guards.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>
    /// Takes the lease on an existing blob, or returns null when another worker, or another holder of this worker
    /// (<paramref name="held"/>), holds it.
    /// </summary>
    public static async Task<BlobLeaseHolder?> TryAcquireAsync(
        IBlobStore blobs, HeldLeases held, string container, string blobName, string workerId, TimeSpan duration, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (!held.TryClaim(container, blobName))
        {
            return null;
        }

        try
        {
            var proposed = LeaseIdFor(workerId, container, blobName);
            var lease = await blobs.TryAcquireLeaseAsync(container, blobName, duration, proposed, cancellationToken).ConfigureAwait(false);
            if (lease is not null)
            {
                return new BlobLeaseHolder(blobs, held, container, blobName, lease.LeaseId, duration, time, logger);
            }
        }
        catch
        {
            held.Release(container, blobName);
            throw;
        }

        held.Release(container, blobName);
        return null;
    }

    /// <summary>The lease id a worker proposes for a blob: stable for (worker, blob), a GUID as the service requires.</summary>
    public static string LeaseIdFor(string workerId, string container, string blobName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{workerId}\u001f{container}\u001f{blobName}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        try
        {
            await _blobs.ReleaseLeaseAsync(_container, _blobName, LeaseId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BlobStorageException or HttpRequestException or Azure.RequestFailedException)
        {
            // Already lapsed or broken, or storage is down: the lease expires on its own either way.
        }
        finally
        {
            _held.Release(_container, _blobName);
        }

        _lost.Dispose();
    }

    private async Task RenewAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(duration / 3, time, cancellationToken).ConfigureAwait(false);
                if (!await RenewOnceAsync(duration, time, cancellationToken).ConfigureAwait(false))
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Released by the holder.
        }
    }

    // Retries until the lease would have lapsed anyway: a storage blip must not cost the lease.
    private async Task<bool> RenewOnceAsync(TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + duration * 2 / 3;
        while (true)
        {
            try
            {
                await _blobs.RenewLeaseAsync(_container, _blobName, LeaseId, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (ex is BlobStorageException or HttpRequestException or Azure.RequestFailedException)
            {
                if (ex is BlobStorageException { Status: 409 or 412 } || time.GetUtcNow() >= giveUpAt)
                {
                    Log.LeaseLost(_logger, _container, _blobName, ex.Message);
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
