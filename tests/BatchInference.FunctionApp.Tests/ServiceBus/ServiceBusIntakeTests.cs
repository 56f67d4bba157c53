using Azure.Messaging.ServiceBus;
using BatchInference.FunctionApp.ServiceBus;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.FunctionApp.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.FunctionApp.Tests.ServiceBus;

/// <summary>The Service Bus intake's hosted service: what it asks the SDK for, through the client's mockable members.</summary>
public sealed class ServiceBusIntakeTests
{
    private static readonly Dictionary<string, string?> Base = new()
    {
        ["Storage"] = "UseDevelopmentStorage=true", // nothing is called: only the registrations are inspected
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["TaskHubName"] = "intaketests",
        ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
        ["Providers:OpenAI:ApiKey"] = "test",
        ["ServiceBus"] = "Endpoint=sb://test.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v",
    };

    [Fact]
    public async Task Start_NamespaceConfigured_PeekLockProcessorOnTheJobsQueueThatNeverAutoCompletes()
    {
        var client = new ProcessorRecordingClient();
        await using var services = Services(client, new() { ["ServiceBus:JobsQueue"] = "team-jobs", ["ServiceBus:Intake:MaxConcurrentCalls"] = "2" });
        var intake = Assert.IsType<ServiceBusIntake>(Assert.Single(services.GetServices<IHostedService>()));

        await intake.StartAsync(default);
        await intake.StopAsync(default);

        var (queue, options, processor) = Assert.Single(client.Processors);
        Assert.Equal("team-jobs", queue);
        Assert.Equal(ServiceBusReceiveMode.PeekLock, options.ReceiveMode);
        Assert.False(options.AutoCompleteMessages);
        Assert.Equal(2, options.MaxConcurrentCalls);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxAutoLockRenewalDuration);
        Assert.Equal(0, options.PrefetchCount);
        Assert.Equal(["start", "stop"], processor.Calls);
    }

    [Fact]
    public async Task Start_IntakeDisabled_NoProcessor()
    {
        var client = new ProcessorRecordingClient();
        await using var services = Services(client, new() { ["ServiceBus:Intake:Enabled"] = "false" });

        await Assert.Single(services.GetServices<IHostedService>()).StartAsync(default);

        Assert.Empty(client.Processors);
    }

    [Fact]
    public async Task Services_NoNamespace_NoIntake()
    {
        var settings = new Dictionary<string, string?>(Base);
        settings.Remove("ServiceBus");
        await using var services = AppHarness.Services(settings);

        Assert.Empty(services.GetServices<IHostedService>());
    }

    [Fact]
    public async Task Start_NegativeLockRenewal_RefusedNamingTheSetting()
    {
        await using var services = Services(new ProcessorRecordingClient(), new() { ["ServiceBus:Intake:MaxAutoLockRenewalDuration"] = "-00:00:01" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Assert.Single(services.GetServices<IHostedService>()).StartAsync(default));

        Assert.Contains("ServiceBus__Intake__MaxAutoLockRenewalDuration", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(ServiceBusClient client, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>(Base);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        // The registered client would open AMQP connections; the recording one takes its place.
        IServiceCollection services = new ServiceCollection();
        foreach (var descriptor in ServiceDescriptors(settings))
        {
            services.Add(descriptor.ServiceType == typeof(ServiceBusClient) ? ServiceDescriptor.Singleton(client) : descriptor);
        }

        return services.BuildServiceProvider();
    }

    private static ServiceCollection ServiceDescriptors(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFunctionApp(configuration, TimeProvider.System);
        return services;
    }

    private sealed class ProcessorRecordingClient : ServiceBusClient
    {
        public List<(string Queue, ServiceBusProcessorOptions Options, RecordingProcessor Processor)> Processors { get; } = [];

        public override string FullyQualifiedNamespace => "test.servicebus.windows.net";

        public override ServiceBusProcessor CreateProcessor(string queueName, ServiceBusProcessorOptions options)
        {
            var processor = new RecordingProcessor();
            Processors.Add((queueName, options, processor));
            return processor;
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class RecordingProcessor : ServiceBusProcessor
    {
        public List<string> Calls { get; } = [];

        public override Task StartProcessingAsync(CancellationToken cancellationToken = default)
        {
            Calls.Add("start");
            return Task.CompletedTask;
        }

        public override Task StopProcessingAsync(CancellationToken cancellationToken = default)
        {
            Calls.Add("stop");
            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
