using Azure.Core;
using Azure.Identity;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Composition;

/// <summary>
/// The Service Bus namespace, read the way the Functions host reads the <c>ServiceBus</c> connection of the
/// serviceBusTrigger bindings: a connection string in <c>ServiceBus</c> (or <c>ServiceBus:ConnectionString</c>, as the
/// CLI reads it; the emulator's <c>UseDevelopmentEmulator=true</c> form works too), or an identity-based connection
/// (<c>ServiceBus__fullyQualifiedNamespace</c>, plus <c>ServiceBus__clientId</c> for a user-assigned identity).
/// </summary>
internal sealed class ServiceBusSettings
{
    /// <summary>The engine's work queue when <c>ServiceBus:WorkQueue</c> is not set; the work function.json files name it
    /// through <c>%ServiceBus__WorkQueue%</c>.</summary>
    public const string DefaultWorkQueue = "bi-work";

    private readonly ServiceBusConnectionString? _connection;
    private readonly Uri? _namespace;
    private readonly TokenCredential? _credential;

    private ServiceBusSettings(ServiceBusConnectionString? connection, Uri? ns, TokenCredential? credential, string workQueue)
    {
        _connection = connection;
        _namespace = ns;
        _credential = credential;
        WorkQueue = workQueue;
    }

    /// <summary>The work queue's name (<c>ServiceBus:WorkQueue</c>).</summary>
    public string WorkQueue { get; }

    /// <exception cref="InvalidOperationException">No usable setting; the message names what to set (never a key).</exception>
    public static ServiceBusSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var workQueue = configuration["ServiceBus:WorkQueue"] is { Length: > 0 } queue ? queue : DefaultWorkQueue;
        var text = new[] { configuration["ServiceBus"], configuration["ServiceBus:ConnectionString"] }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (text is not null)
        {
            try
            {
                return new ServiceBusSettings(ServiceBusConnectionString.Parse(text), null, null, workQueue);
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException("The ServiceBus connection string is invalid: " + ex.Message, ex);
            }
        }

        if (configuration["ServiceBus:fullyQualifiedNamespace"] is { Length: > 0 } fqdn)
        {
            if (!Uri.TryCreate("https://" + fqdn.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var ns) || ns.AbsolutePath != "/")
            {
                throw new InvalidOperationException($"ServiceBus__fullyQualifiedNamespace must be a host name like ns.servicebus.windows.net (is '{fqdn}').");
            }

            TokenCredential credential = configuration["ServiceBus:clientId"] is { Length: > 0 } clientId
                ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
                : new DefaultAzureCredential();
            return new ServiceBusSettings(null, ns, credential, workQueue);
        }

        throw new InvalidOperationException(
            "Engine__Queue=servicebus needs a Service Bus namespace: set ServiceBus (a connection string) or ServiceBus__fullyQualifiedNamespace (managed identity).");
    }

    /// <summary>A client for <paramref name="queueName"/> (the work queue when null).</summary>
    public ServiceBusQueueClient CreateQueue(ILoggerFactory loggers, string? queueName = null)
    {
        queueName ??= WorkQueue;
        var logger = loggers.CreateLogger<ServiceBusQueueClient>();
        return _connection is not null
            ? new ServiceBusQueueClient(_connection, queueName, logger: logger)
            : new ServiceBusQueueClient(_namespace!, queueName, _credential!, logger: logger);
    }
}
