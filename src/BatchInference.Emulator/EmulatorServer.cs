using BatchInference.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator;

/// <summary>
/// A running provider emulator: an HTTP server on loopback speaking OpenAI's chat completions, embeddings, files and
/// batches and Anthropic's messages and message batches wire formats, with deterministic answers, rate limits, injected
/// faults, a compressed batch clock and a request log. Dispose to stop it.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly ILogger _logger;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BatchInference.Emulator");
    }

    /// <summary>Root of the server, e.g. <c>http://127.0.0.1:54321/</c>; the OpenAI SDK endpoint is <c>new Uri(BaseAddress, "v1")</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every provider-API request answered so far.</summary>
    public EmulatorRequestLog RequestLog => _state.RequestLog;

    /// <summary>Starts an emulator on the wall clock, logging warnings and errors to the console.</summary>
    /// <param name="options">Settings; copied, so later changes to the object have no effect (use <see cref="Reconfigure"/>).</param>
    /// <param name="cancellationToken">Cancels starting the server.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, TimeProvider.System, loggerFactory: null, cancellationToken);

    /// <summary>Starts an emulator on the given clock (tests pass a manual one) and log sink (null = console, warnings only).</summary>
    internal static async Task<EmulatorServer> StartAsync(
        EmulatorOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var state = new EmulatorState(options, timeProvider);
        var app = EmulatorApplication.Build(state, loggerFactory);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var server = new EmulatorServer(app, state, new Uri(address.TrimEnd('/') + "/"));
        Log.Started(server._logger, server.BaseAddress);
        return server;
    }

    /// <summary>
    /// Changes options while the server runs (faults, limits, latency, key); thread-safe, and requests already
    /// admitted keep the options they started with. Host and Port cannot change.
    /// </summary>
    /// <exception cref="ArgumentException">The change makes the options invalid or touches Host/Port; nothing changes.</exception>
    public void Reconfigure(Action<EmulatorOptions> change)
    {
        _state.Options.Update(change);
        Log.Reconfigured(_logger);
    }

    /// <summary>Stops the server and releases its port; later calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.Batches.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger, BaseAddress);
    }
}
