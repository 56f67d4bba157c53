using Azure;

namespace BatchInference.Storage.Queues;

/// <summary>
/// A Queue service request failed for a reason other than a lost lock: carries the HTTP status and the service error
/// code, e.g. <c>QueueNotFound</c> (404), <c>QueueBeingDeleted</c> (409), <c>AuthenticationFailed</c> (403; Azurite says
/// <c>AuthorizationFailure</c>). The message names the operation and queue, never a key, SAS, signature or pop receipt.
/// Catch <see cref="RequestFailedException"/> to handle blob and queue failures alike.
/// </summary>
public sealed class QueueStorageException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="errorCode">The service error code, when the service sent one.</param>
    /// <param name="message">A message that carries no secrets.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public QueueStorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
    }
}
