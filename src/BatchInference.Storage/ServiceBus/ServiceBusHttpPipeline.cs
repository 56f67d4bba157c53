using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Azure.Core pipelines authorized for Service Bus: SAS from a connection string, or Entra ID tokens.</summary>
internal static class ServiceBusHttpPipeline
{
    public const string Scope = "https://servicebus.azure.net/.default";

    public static HttpPipeline Create(ServiceBusConnectionString connection, ServiceBusQueueOptions options) =>
        HttpPipelineBuilder.Build(
            options,
            [],
            [new ServiceBusSasPolicy(connection.SharedAccessKeyName, connection.SharedAccessKey, options.SasTokenLifetime, options.TimeProvider)],
            new ResponseClassifier());

    public static HttpPipeline Create(TokenCredential credential, ServiceBusQueueOptions options) =>
        HttpPipelineBuilder.Build(options, [], [new BearerTokenAuthenticationPolicy(credential, Scope)], new ResponseClassifier());
}
