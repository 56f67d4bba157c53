using Azure.Storage.Queues;
using BatchInference.Api;
using BatchInference.Api.Auth;
using BatchInference.FunctionApp.Intake;
using BatchInference.FunctionApp.ServiceBus;
using BatchInference.Storage;
using BatchInference.Storage.Clients;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Composition;

/// <summary>The function app's composition root over the shared <see cref="BatchInferenceServiceCollectionExtensions.AddBatchInference"/>.</summary>
internal static class FunctionAppServices
{
    /// <summary>Registers the Azure clients, the engine and, when a Service Bus namespace is configured, the Service Bus intake.</summary>
    /// <param name="services">The worker's services.</param>
    /// <param name="configuration">The app settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or malformed; the message names it.</exception>
    public static IServiceCollection AddFunctionApp(this IServiceCollection services, IConfiguration configuration, TimeProvider timeProvider)
    {
        services.AddBatchInference(configuration);
        services.TryAddSingleton(timeProvider);
        services.AddSingleton(provider => new JobEngines(
            configuration, provider.GetRequiredService<StorageClients>(), provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
        // Resolved by the first JobMessage invocation only, which needs the queue endpoint for its trigger anyway.
        services.AddSingleton(provider => new JobMessagePoisonQueue(
            (provider.GetService<QueueServiceClient>()
                ?? throw new InvalidOperationException("The Storage connection names no queue endpoint (Storage__queueServiceUri): the JobMessage function needs one."))
            .GetQueueClient(AppSettings.JobMessagesPoisonQueue)));
        AddBatchApi(services, configuration);
        if (ServiceBusConnectionSettings.From(configuration) is not null)
        {
            services.AddOptions<ServiceBusIntakeOptions>()
                .Bind(configuration.GetSection(ServiceBusIntakeOptions.SectionName))
                .Validate(o => { o.Validate(); return true; })
                .ValidateOnStart();
            services.AddSingleton<JobMessageHandler>();
            services.AddHostedService<ServiceBusIntake>();
        }

        return services;
    }

    // The OpenAI-compatible Batch API: keys (and principals) from section Api, read and checked at start.
    private static void AddBatchApi(IServiceCollection services, IConfiguration configuration)
    {
        var options = new BatchApiOptions();
        configuration.GetSection(BatchApiOptions.SectionName).Bind(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(new ApiAuthenticator(
            ApiKeyring.From(configuration), configuration.GetValue<bool>($"{BatchApiOptions.SectionName}:TrustAppServiceAuthentication")));
    }
}
