using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Which Service Bus namespace to talk to and how to sign in, read the way the Functions host reads the <c>ServiceBus</c>
/// connection of its serviceBusTrigger bindings: a connection string in <c>ServiceBus</c> or
/// <c>ServiceBus:ConnectionString</c> (the emulator's <c>UseDevelopmentEmulator=true</c> form too), or an identity-based
/// connection, <c>ServiceBus:fullyQualifiedNamespace</c> with <c>DefaultAzureCredential</c> (plus
/// <c>ServiceBus:clientId</c> for a user-assigned identity). <c>ServiceBus:TransportType</c> picks AMQP over TCP 5671
/// (<c>AmqpTcp</c>, the default) or over WebSockets on 443 (<c>AmqpWebSockets</c>, through proxies and firewalls).
/// </summary>
public sealed record ServiceBusConnectionSettings
{
    /// <summary>The configuration section every setting lives in.</summary>
    public const string SectionName = "ServiceBus";

    /// <summary>The connection string (a secret: never log it), or null for an identity-based connection.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The namespace's host name, e.g. <c>ns.servicebus.windows.net</c> (also for a connection string).</summary>
    public required string FullyQualifiedNamespace { get; init; }

    /// <summary>The client id of a user-assigned managed identity; null for the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>AMQP over TCP (default) or over WebSockets.</summary>
    public ServiceBusTransportType TransportType { get; init; } = ServiceBusTransportType.AmqpTcp;

    /// <summary>Reads the settings.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The settings, or null when no namespace is configured at all.</returns>
    /// <exception cref="InvalidOperationException">A setting is malformed; the message names it and never repeats a key.</exception>
    public static ServiceBusConnectionSettings? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var transport = TransportOf(configuration[$"{SectionName}:TransportType"]);
        var connectionString = new[] { configuration[SectionName], configuration[$"{SectionName}:ConnectionString"] }
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (connectionString is not null)
        {
            ServiceBusConnectionStringProperties parsed;
            try
            {
                parsed = ServiceBusConnectionStringProperties.Parse(connectionString);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new InvalidOperationException("The ServiceBus connection string is invalid: " + ex.Message, ex);
            }

            var hasKey = parsed.SharedAccessKeyName is not null && parsed.SharedAccessKey is not null;
            if (parsed.Endpoint is null || (!hasKey && parsed.SharedAccessSignature is null))
            {
                throw new InvalidOperationException(
                    "The ServiceBus connection string is invalid: it needs an Endpoint and a SharedAccessKeyName/SharedAccessKey (or a SharedAccessSignature).");
            }

            return new ServiceBusConnectionSettings { ConnectionString = connectionString, FullyQualifiedNamespace = parsed.FullyQualifiedNamespace, TransportType = transport };
        }

        if (configuration[$"{SectionName}:fullyQualifiedNamespace"] is not { Length: > 0 } fqdn)
        {
            return null;
        }

        var host = fqdn.Trim().TrimEnd('/');
        if (Uri.CheckHostName(host) is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            throw new InvalidOperationException($"ServiceBus__fullyQualifiedNamespace must be a host name like ns.servicebus.windows.net (is '{fqdn}').");
        }

        return new ServiceBusConnectionSettings
        {
            FullyQualifiedNamespace = host,
            ManagedIdentityClientId = configuration[$"{SectionName}:clientId"] is { Length: > 0 } clientId ? clientId : null,
            TransportType = transport,
        };
    }

    /// <inheritdoc />
    /// <remarks>Without the connection string: it is a secret.</remarks>
    public override string ToString() =>
        $"{FullyQualifiedNamespace} ({(ConnectionString is null ? "DefaultAzureCredential" : "connection string")}, {TransportType})";

    private static ServiceBusTransportType TransportOf(string? value) => value?.Trim() switch
    {
        null or "" => ServiceBusTransportType.AmqpTcp,
        var text when Enum.TryParse<ServiceBusTransportType>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
        _ => throw new InvalidOperationException($"ServiceBus__TransportType must be AmqpTcp or AmqpWebSockets (is '{value}')."),
    };
}
