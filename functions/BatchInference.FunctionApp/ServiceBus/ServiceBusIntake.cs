using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BatchInference.FunctionApp.ServiceBus;

/// <summary>
/// The Service Bus job-message intake: a <see cref="ServiceBusProcessor"/> inside the worker, started and stopped
/// with it. The native Service Bus trigger would scale the app on queue length; this processor only receives while an
/// instance runs, so on Flex Consumption the app keeps an always-ready instance (infra-bicep) — see
/// functions/README.md for the trade-offs. Peek-lock, settled by <see cref="JobMessageHandler"/> (never auto-completed),
/// locks renewed by the SDK while a handler runs.
/// </summary>
internal sealed class ServiceBusIntake(
    ServiceBusClient client, JobMessageHandler handler, IOptions<ServiceBusIntakeOptions> options, IConfiguration configuration,
    ILogger<ServiceBusIntake> logger) : IHostedService, IAsyncDisposable
{
    private ServiceBusProcessor? _processor;

    /// <summary>The queue listened to (<c>ServiceBus:JobsQueue</c>).</summary>
    public string QueueName { get; } = configuration["ServiceBus:JobsQueue"] is { Length: > 0 } queue ? queue : ServiceBusIntakeOptions.DefaultQueue;

    /// <summary>The processor's settings, from <see cref="ServiceBusIntakeOptions"/>.</summary>
    public ServiceBusProcessorOptions ProcessorOptions()
    {
        var o = options.Value;
        o.Validate();
        return new ServiceBusProcessorOptions
        {
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
            AutoCompleteMessages = false,
            MaxConcurrentCalls = o.MaxConcurrentCalls,
            MaxAutoLockRenewalDuration = o.MaxAutoLockRenewalDuration,
            PrefetchCount = o.PrefetchCount,
            Identifier = "batch-inference-intake",
        };
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = ProcessorOptions();
        if (!options.Value.Enabled)
        {
            Log.ProcessorOff(logger, "ServiceBus__Intake__Enabled is false");
            return;
        }

        _processor = client.CreateProcessor(QueueName, settings);
        _processor.ProcessMessageAsync += handler.HandleAsync;
        _processor.ProcessErrorAsync += OnErrorAsync;
        await _processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        Log.ProcessorStarted(logger, client.FullyQualifiedNamespace, QueueName, settings.MaxConcurrentCalls, settings.MaxAutoLockRenewalDuration);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is not null)
        {
            // Handlers in flight finish and settle; nothing new is received.
            await _processor.StopProcessingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_processor is not null)
        {
            await _processor.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Receive-side failures (connection, lock renewal, settlement); the processor retries on its own.
    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        Log.ProcessorError(logger, args.Exception, args.ErrorSource.ToString(), args.EntityPath);
        return Task.CompletedTask;
    }
}
