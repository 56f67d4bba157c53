namespace BatchInference.Storage.Blobs;

/// <summary>
/// The blob operations the pipeline needs, small enough that the official Azure.Storage.Blobs SDK could implement
/// it in one file. Write conditions that do not hold are outcomes (<see cref="BlobWriteResult"/>,
/// <see cref="BlobDeleteOutcome"/>), never exceptions; every other failure throws <see cref="BlobStorageException"/>.
/// Cancelling a token abandons the request in flight; a staged upload that is cancelled commits nothing.
/// </summary>
public interface IBlobStore
{
    /// <summary>Creates the container unless it exists.</summary>
    /// <param name="container">Container name (3-63 lowercase letters, digits and single hyphens).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when this call created it.</returns>
    Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>Deletes the container and all its blobs if it exists.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when this call deleted it.</returns>
    Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads a stream of any length, known or not. Content that ends within one block goes up as a single Put Blob;
    /// longer content is staged (Put Block per block, one block in memory at a time) and committed with Put Block
    /// List, which is where the conditions apply. Replaces an existing blob unless conditions say otherwise.
    /// </summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name; '/' separates virtual folders, other characters are URL-encoded.</param>
    /// <param name="content">The bytes; read to the end, not disposed.</param>
    /// <param name="options">Content type, metadata, conditions, block size.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is committed.</param>
    /// <returns>Succeeded with the new ETag, or PreconditionFailed.</returns>
    Task<BlobWriteResult> UploadAsync(
        string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads bytes already in memory (a state document, a small file).</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="options">Content type, metadata, conditions, block size.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Succeeded with the new ETag, or PreconditionFailed.</returns>
    Task<BlobWriteResult> UploadAsync(
        string container, string blobName, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob (or a byte range of it) as a stream read from the network as it is consumed.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="range">A byte range, or null for the whole blob.</param>
    /// <param name="cancellationToken">Cancels opening the download (reads take their own token).</param>
    /// <returns>The stream and the properties of the version read; dispose it.</returns>
    /// <exception cref="BlobStorageException">404 <c>BlobNotFound</c>/<c>ContainerNotFound</c>, 416 for a range
    /// past the end, and any other failure.</exception>
    Task<BlobDownload> DownloadAsync(
        string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Reads the blob's properties and metadata.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The properties, or null when the blob (or its container) does not exist.</returns>
    Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default);

    /// <summary>Replaces the blob's metadata (all of it) with <paramref name="metadata"/>.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="metadata">Names are C# identifiers (case-insensitive), values printable ASCII.</param>
    /// <param name="conditions">ETag/lease conditions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Succeeded with the new ETag, or PreconditionFailed.</returns>
    /// <exception cref="BlobStorageException">404 when the blob does not exist, and any other failure.</exception>
    Task<BlobWriteResult> SetMetadataAsync(
        string container,
        string blobName,
        IReadOnlyDictionary<string, string> metadata,
        BlobConditions? conditions = null,
        CancellationToken cancellationToken = default);

    /// <summary>Lists blobs whose names start with <paramref name="prefix"/>, in name order, following the service's
    /// continuation markers internally.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="prefix">Name prefix, or null for all blobs.</param>
    /// <param name="options">Metadata inclusion and page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The blobs, fetched page by page as enumerated.</returns>
    IAsyncEnumerable<BlobItem> ListAsync(
        string container, string? prefix = null, BlobListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob (and its snapshots) if it exists and the conditions hold.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="conditions">ETag/lease conditions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Deleted, NotFound or PreconditionFailed.</returns>
    Task<BlobDeleteOutcome> DeleteIfExistsAsync(
        string container, string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default);

    /// <summary>Tries to take a lease on an existing blob.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="duration">15 to 60 seconds, or null for an infinite lease.</param>
    /// <param name="proposedLeaseId">A lease id to use (a GUID), or null to let the service pick one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The lease, or null when another lease is active.</returns>
    Task<BlobLease?> TryAcquireLeaseAsync(
        string container, string blobName, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease (restarts its duration).</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="leaseId">The lease id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The renewed lease.</returns>
    /// <exception cref="BlobStorageException">409 when the lease was lost (broken or taken by another).</exception>
    Task<BlobLease> RenewLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease so others can take one at once.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="leaseId">The lease id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    Task ReleaseLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default);

    /// <summary>Breaks whatever lease is active, without knowing its id.</summary>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="breakPeriod">How long the lease keeps blocking (0 to 60 s), or null for the service default
    /// (the rest of a fixed lease, immediately for an infinite one).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The time until the lease is fully broken.</returns>
    Task<TimeSpan> BreakLeaseAsync(
        string container, string blobName, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default);
}
