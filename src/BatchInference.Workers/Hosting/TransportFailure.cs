using System.Net.Sockets;
using Azure;

namespace BatchInference.Workers.Hosting;

/// <summary>
/// Tells the failures of a queue call that a worker rides out (storage down or restarting, a network blip, a throttled
/// or malformed answer) from programming errors, which should surface. Azure.Core wraps a call whose retries all failed
/// in an <see cref="AggregateException"/> of the attempts, and reports its network timeout as a cancellation.
/// </summary>
internal static class TransportFailure
{
    /// <param name="exception">What the queue call threw.</param>
    /// <param name="callerToken">The token passed to the call: a cancellation it did not ask for is a timeout.</param>
    public static bool Is(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(inner => Is(inner, callerToken)),
        RequestFailedException or HttpRequestException or IOException or SocketException
            or TimeoutException or InvalidDataException => true,
        _ => false,
    };
}
