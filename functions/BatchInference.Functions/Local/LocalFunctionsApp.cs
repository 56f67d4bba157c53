using BatchInference.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// The function app without the Functions host: the custom handler on a loopback port plus a
/// <see cref="LocalTriggerDispatcher"/> posting the host's trigger payloads to it, in one process (<c>bi host</c>).
/// Reads the same settings as the handler (<c>Storage</c>, <c>Engine:*</c>, <c>Providers:OpenAI:*</c>,
/// <c>NightlySchedule</c>) plus <c>Dispatcher:*</c>. Dispose to stop both.
/// </summary>
public sealed class LocalFunctionsApp : IAsyncDisposable
{
    private readonly FunctionsHost _host;
    private readonly HttpClient _http;
    private readonly LocalTriggerDispatcher _dispatcher;

    private LocalFunctionsApp(FunctionsHost host, HttpClient http, LocalTriggerDispatcher dispatcher, string queueName, string? schedule)
    {
        _host = host;
        _http = http;
        _dispatcher = dispatcher;
        QueueName = queueName;
        NightlySchedule = schedule;
    }

    /// <summary>The handler's address, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri HandlerAddress => _host.BaseAddress;

    /// <summary>The engine's work queue the dispatcher receives from.</summary>
    public string QueueName { get; }

    /// <summary>The nightly schedule the dispatcher fires, or null when there is none.</summary>
    public string? NightlySchedule { get; }

    /// <summary>Queue-triggered function calls running now (a caller that stops the app waits for them to reach 0).</summary>
    public int RunningCalls => _dispatcher.RunningCalls;

    /// <summary>Starts the handler, waits until its storage is ready (it logs a warning per failed attempt) and prepares
    /// the dispatcher (call <see cref="RunAsync"/> to dispatch).</summary>
    /// <param name="configuration">The app settings.</param>
    /// <param name="port">The handler's loopback port; 0 picks a free one.</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="report">Told of every dispatch, e.g. to print it (called concurrently).</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <returns>The running app.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static async Task<LocalFunctionsApp> StartAsync(
        IConfiguration configuration, int port, ILoggerFactory loggers, Action<DispatchRecord>? report = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LocalDispatcherOptions();
        configuration.GetSection(LocalDispatcherOptions.SectionName).Bind(options);
        options.NightlySchedule ??= configuration["NightlySchedule"];
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The dispatcher's settings are invalid: " + ex.Message, ex);
        }

        var host = await FunctionsHost.StartAsync(configuration, port, loggers, TimeProvider.System, embedded: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var http = new HttpClient();
        try
        {
            var pipeline = host.Pipeline;
            var queue = pipeline.StorageQueue ?? throw new InvalidOperationException(
                "The local dispatcher plays the Storage queue trigger only; with Engine__Queue=servicebus the Functions host's serviceBusTrigger works the Service Bus queue.");

            // The handler listens already; until its storage is ready it answers 503, and its warnings say why.
            await host.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            var dispatcher = new LocalTriggerDispatcher(
                host.BaseAddress, http, pipeline.Blobs, pipeline.BlobEndpoint, queue, name => pipeline.Storage.CreateQueue(name),
                options, TimeProvider.System, loggers, report);
            await dispatcher.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var schedule = (options.Triggers & LocalTriggers.Nightly) != 0 && !string.IsNullOrWhiteSpace(options.NightlySchedule)
                ? options.NightlySchedule
                : null;
            return new LocalFunctionsApp(host, http, dispatcher, queue.QueueName, schedule);
        }
        catch
        {
            http.Dispose();
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Dispatches triggers until <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    /// <param name="cancellationToken">Stops dispatching; calls in flight are cancelled and their messages reappear.</param>
    /// <returns>A task that completes when dispatching has stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken = default) => _dispatcher.RunAsync(cancellationToken);

    /// <summary>Stops the handler.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync().ConfigureAwait(false);
    }
}
