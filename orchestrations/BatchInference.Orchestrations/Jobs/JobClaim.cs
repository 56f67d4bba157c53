using System.Text;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// The right to run a job: a lease on <c>work/&lt;jobId&gt;/job.json</c>, renewed while the job runs. Only the holder
/// sends requests, so a redelivered event or a second worker cannot pay for the same lines again. If the holder dies
/// the lease lapses after <see cref="LeaseDuration"/> and another runner may take the job over (re-running it from the
/// start until the engine checkpoints partial results).
/// </summary>
internal sealed class JobClaim : IAsyncDisposable
{
    /// <summary>How long a claim survives its holder; renewed at a third of it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    private readonly IBlobStore _blobs;
    private readonly string _blobName;
    private readonly string _leaseId;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private JobClaim(IBlobStore blobs, string blobName, string leaseId, TimeProvider time)
    {
        _blobs = blobs;
        _blobName = blobName;
        _leaseId = leaseId;
        _renewal = RenewAsync(time, _stop.Token);
    }

    /// <summary>Claims the job, or returns null when another runner holds it.</summary>
    public static async Task<JobClaim?> TryAcquireAsync(
        IBlobStore blobs, string jobId, string source, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(jobId);
        var state = Encoding.UTF8.GetBytes($$"""{"job_id":"{{jobId}}","source":{{System.Text.Json.JsonSerializer.Serialize(source)}}}""");

        // Create-if-missing: losing this race is fine, both runners then compete for the lease below.
        await blobs.UploadAsync(
            StorageLayout.WorkContainer, name, new BinaryData(state),
            new BlobUploadOptions { ContentType = "application/json", Conditions = BlobConditions.IfNotExists }, cancellationToken)
            .ConfigureAwait(false);
        var lease = await blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, name, LeaseDuration, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return lease is null ? null : new JobClaim(blobs, name, lease.LeaseId, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        try
        {
            await _blobs.ReleaseLeaseAsync(StorageLayout.WorkContainer, _blobName, _leaseId).ConfigureAwait(false);
        }
        catch (BlobStorageException)
        {
            // The lease already lapsed or was broken; it expires on its own either way.
        }
    }

    private async Task RenewAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(LeaseDuration / 3, time, cancellationToken).ConfigureAwait(false);
            await _blobs.RenewLeaseAsync(StorageLayout.WorkContainer, _blobName, _leaseId, cancellationToken).ConfigureAwait(false);
        }
    }
}
