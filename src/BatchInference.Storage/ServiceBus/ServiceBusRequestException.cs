using Azure;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// A Service Bus request failed for a reason other than a lost lock: 401 (the SAS key or identity was refused), 403
/// (quota exceeded, message too large, or the identity lacks a data role), 410 on send/receive (no such queue), or a
/// failure that outlasted the retries. The message names the operation, queue and status, never a key, token or lock
/// token. Catch <see cref="RequestFailedException"/> to handle storage and Service Bus failures alike.
/// </summary>
public sealed class ServiceBusRequestException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="message">A message that carries no secrets.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public ServiceBusRequestException(int status, string message, Exception? innerException = null)
        : base(status, message, innerException)
    {
    }
}
