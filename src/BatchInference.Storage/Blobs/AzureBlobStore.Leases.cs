using System.Globalization;
using Azure.Core;

namespace BatchInference.Storage.Blobs;

/// <summary>Blob leases: acquire, renew, release, break.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async Task<BlobLease?> TryAcquireLeaseAsync(
        string container, string blobName, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        var seconds = duration is { } d ? (int)d.TotalSeconds : -1;
        if (duration is { } span && (span != TimeSpan.FromSeconds(seconds) || seconds is < 15 or > 60))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 whole seconds, or is infinite (null).");
        }

        using var message = CreateLeaseMessage(container, blobName, "acquire");
        message.Request.Headers.SetValue("x-ms-lease-duration", seconds.ToString(CultureInfo.InvariantCulture));
        if (proposedLeaseId is not null)
        {
            message.Request.Headers.SetValue("x-ms-proposed-lease-id", proposedLeaseId);
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 201)
        {
            return LeaseOf(response);
        }

        if (response.Status == 409 && BlobResponses.ErrorCodeOf(response, response.Content) == BlobErrorCodes.LeaseAlreadyPresent)
        {
            return null;
        }

        throw await FailureAsync(response, "Acquire lease", container, blobName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BlobLease> RenewLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var message = CreateLeaseMessage(container, blobName, "renew");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            ? LeaseOf(response)
            : throw await FailureAsync(response, "Renew lease", container, blobName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var message = CreateLeaseMessage(container, blobName, "release");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw await FailureAsync(response, "Release lease", container, blobName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<TimeSpan> BreakLeaseAsync(
        string container, string blobName, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default)
    {
        using var message = CreateLeaseMessage(container, blobName, "break");
        if (breakPeriod is { } period)
        {
            var seconds = (int)period.TotalSeconds;
            if (period != TimeSpan.FromSeconds(seconds) || seconds is < 0 or > 60)
            {
                throw new ArgumentOutOfRangeException(nameof(breakPeriod), breakPeriod, "A break period is 0 to 60 whole seconds.");
            }

            message.Request.Headers.SetValue("x-ms-lease-break-period", seconds.ToString(CultureInfo.InvariantCulture));
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw await FailureAsync(response, "Break lease", container, blobName, cancellationToken).ConfigureAwait(false);
        }

        return response.Headers.TryGetValue("x-ms-lease-time", out var time)
            && int.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
                ? TimeSpan.FromSeconds(remaining)
                : TimeSpan.Zero;
    }

    private HttpMessage CreateLeaseMessage(string container, string blobName, string action)
    {
        BlobNames.ValidateContainer(container);
        var message = CreateMessage(RequestMethod.Put, container, blobName, ("comp", "lease"));
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        return message;
    }

    private static BlobLease LeaseOf(Azure.Response response)
    {
        response.Headers.TryGetValue("x-ms-lease-id", out var leaseId);
        return new BlobLease(
            leaseId ?? throw new BlobStorageException(response.Status, null, "The lease response carried no x-ms-lease-id."),
            BlobResponses.ETagOf(response) ?? default,
            BlobResponses.LastModifiedOf(response) ?? default);
    }
}
