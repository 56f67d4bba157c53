using System.Net.Sockets;
using System.Net.WebSockets;
using Azure.Messaging.ServiceBus;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// A Service Bus operation failed after the SDK's retries: one exception for everything the SDK may throw for it
/// (<see cref="ServiceBusException"/>, <see cref="UnauthorizedAccessException"/>, and over WebSockets a bare
/// <see cref="WebSocketException"/>), whose message says what was tried, on which queue of which namespace, and why,
/// never a key or token.
/// </summary>
public sealed class ServiceBusRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A message that carries no secrets.</param>
    /// <param name="fullyQualifiedNamespace">The namespace, e.g. <c>ns.servicebus.windows.net</c>.</param>
    /// <param name="entityPath">The queue.</param>
    /// <param name="reason">The SDK's classification, when it gave one.</param>
    /// <param name="innerException">The SDK's exception.</param>
    public ServiceBusRequestException(
        string message, string fullyQualifiedNamespace, string entityPath, ServiceBusFailureReason? reason, Exception? innerException)
        : base(message, innerException)
    {
        FullyQualifiedNamespace = fullyQualifiedNamespace;
        EntityPath = entityPath;
        Reason = reason;
    }

    /// <summary>The namespace the operation addressed.</summary>
    public string FullyQualifiedNamespace { get; }

    /// <summary>The queue the operation addressed.</summary>
    public string EntityPath { get; }

    /// <summary>The SDK's <see cref="ServiceBusException.Reason"/>; null for failures it does not classify (sign-in,
    /// WebSockets).</summary>
    public ServiceBusFailureReason? Reason { get; }

    /// <summary>Whether the namespace could not be reached at all (name, network, firewall or proxy).</summary>
    public bool IsUnreachable => Reason is ServiceBusFailureReason.ServiceCommunicationProblem or ServiceBusFailureReason.ServiceTimeout
        || InnerException is WebSocketException or SocketException or HttpRequestException;

    /// <summary>The exception to throw for <paramref name="failure"/>, or null when it is not a Service Bus failure
    /// (cancellation, a bug) and must propagate as it is.</summary>
    /// <param name="failure">What the SDK threw.</param>
    /// <param name="operation">What was tried, e.g. <c>Send</c>.</param>
    /// <param name="fullyQualifiedNamespace">The namespace.</param>
    /// <param name="entityPath">The queue.</param>
    /// <returns>The exception, or null.</returns>
    public static ServiceBusRequestException? From(Exception failure, string operation, string fullyQualifiedNamespace, string entityPath)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failure is AggregateException { InnerExceptions: [.., var last] })
        {
            // The administration client (HTTP, Azure.Core) reports a request that failed every retry as the attempts.
            failure = last;
        }

        var why = failure switch
        {
            ServiceBusException { Reason: ServiceBusFailureReason.ServiceCommunicationProblem or ServiceBusFailureReason.ServiceTimeout } e =>
                $"the namespace cannot be reached ({FirstLine(e.InnerException?.Message ?? e.Message)}); check its name, the network and firewall, and for AMQP over TCP that port 5671 is open (ServiceBus__TransportType=AmqpWebSockets uses 443)",
            WebSocketException or SocketException =>
                $"the namespace cannot be reached over {(failure is WebSocketException ? "WebSockets" : "TCP")} ({FirstLine(failure.Message)}); check its name, the network, firewall and proxy",
            ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound } => "the queue does not exist",
            ServiceBusException { Reason: ServiceBusFailureReason.MessageSizeExceeded } => "the message is larger than the queue accepts",
            ServiceBusException { Reason: ServiceBusFailureReason.QuotaExceeded } => "the queue or namespace quota is used up",
            ServiceBusException { Reason: ServiceBusFailureReason.ServiceBusy } => "the namespace is throttling requests",
            ServiceBusException e => FirstLine(e.Message),
            UnauthorizedAccessException =>
                "the credential was refused: check the key name and key, or that the identity holds an Azure Service Bus Data role on the namespace",
            HttpRequestException =>
                $"the namespace cannot be reached over HTTPS ({FirstLine(failure.Message)}); check its name, the network and firewall",
            Azure.RequestFailedException e => $"the service answered {e.Status} ({FirstLine(e.Message)})",
            System.Transactions.TransactionException =>
                "the transaction was not committed (Service Bus transactions need the Standard or Premium tier): " + FirstLine(failure.Message),
            Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException =>
                "no Entra ID token could be obtained (DefaultAzureCredential): " + FirstLine(failure.Message),
            _ => null,
        };
        return why is null
            ? null
            : new ServiceBusRequestException(
                $"{operation} on Service Bus queue '{entityPath}' in namespace '{fullyQualifiedNamespace}' failed: {why}.",
                fullyQualifiedNamespace,
                entityPath,
                (failure as ServiceBusException)?.Reason,
                failure);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ');
    }
}
