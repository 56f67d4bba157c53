using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>
/// A storage request failed for a reason other than a write precondition: carries the HTTP status and the service
/// error code (x-ms-error-code or the XML <c>Code</c>, e.g. <c>BlobNotFound</c>, <c>ContainerNotFound</c>).
/// The message names the operation and resource, never a key, SAS or signature.
/// </summary>
public sealed class BlobStorageException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="errorCode">The service error code, when the service sent one.</param>
    /// <param name="message">A message that carries no secrets.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public BlobStorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
    }
}
