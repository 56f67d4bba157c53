using System.Net;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// The running custom handler: Kestrel on loopback (the Functions host calls <c>http://127.0.0.1:{FUNCTIONS_CUSTOMHANDLER_PORT}</c>)
/// with one <c>POST /{FunctionName}</c> per function and <c>GET /health</c>. It listens at once; storage is made ready
/// in the background (<see cref="StorageReadiness"/>), and until it is, invocations answer 503 with the reason. Nothing
/// is read from ASPNETCORE_* or appsettings: the pipeline's settings come in as configuration. Dispose to stop it.
/// </summary>
internal sealed class FunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionsHost(WebApplication app, FunctionsPipeline pipeline, StorageReadiness readiness, Uri baseAddress)
    {
        _app = app;
        Pipeline = pipeline;
        Readiness = readiness;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public FunctionsPipeline Pipeline { get; }

    /// <summary>Whether storage is ready, and why not.</summary>
    public StorageReadiness Readiness { get; }

    /// <summary>Builds the pipeline from <paramref name="configuration"/>, starts listening, and starts making storage
    /// ready in the background (see <see cref="WaitUntilReadyAsync"/>).</summary>
    /// <param name="configuration">The app settings.</param>
    /// <param name="port">The port; 0 picks a free one (tests).</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="timeProvider">The clock (the start-up back-off waits on it).</param>
    /// <param name="embedded">True in a test process: no Ctrl+C handling, which belongs to the process's owner.</param>
    /// <param name="serviceBusClient">With <c>Engine:Queue=servicebus</c>, the namespace's client; built from the
    /// settings when null.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static async Task<FunctionsHost> StartAsync(
        IConfiguration configuration, int port, ILoggerFactory loggers, TimeProvider timeProvider, bool embedded = false,
        Azure.Messaging.ServiceBus.ServiceBusClient? serviceBusClient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var pipeline = FunctionsPipeline.Create(configuration, loggers, timeProvider, serviceBusClient);
        var startup = new StartupOptions();
        configuration.GetSection(StartupOptions.SectionName).Bind(startup);
        try
        {
            startup.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        var readiness = new StorageReadiness(pipeline, startup, timeProvider, loggers);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggers);
        if (embedded)
        {
            builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        }

        var app = builder.Build();
        app.MapGet(HealthEndpoint.Path, (HttpContext context) => HealthEndpoint.AnswerAsync(context, readiness));
        foreach (var function in CreateFunctions(pipeline, loggers))
        {
            var endpoint = new FunctionEndpoint(function, readiness, loggers.CreateLogger("BatchInference.Functions." + function.Name));
            app.MapPost("/" + function.Name, endpoint.InvokeAsync);
        }

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
        var host = new FunctionsHost(app, pipeline, readiness, new Uri(address.TrimEnd('/') + "/"));
        Log.Listening(loggers.CreateLogger<FunctionsHost>(), host.BaseAddress.ToString());
        readiness.Start();
        return host;
    }

    /// <summary>Every function of the app; each has a folder with its function.json next to the executable.</summary>
    public static IReadOnlyList<IFunction> CreateFunctions(FunctionsPipeline pipeline, ILoggerFactory loggers) =>
    [
        new JobDroppedFunction(pipeline, loggers.CreateLogger<JobDroppedFunction>()),
        new EngineWorkFunction(pipeline, loggers.CreateLogger<EngineWorkFunction>()),
        new EnginePoisonFunction(pipeline, loggers.CreateLogger<EnginePoisonFunction>()),
        new EngineWorkServiceBusFunction(pipeline, loggers.CreateLogger<EngineWorkServiceBusFunction>()),
        new EnginePoisonServiceBusFunction(pipeline, loggers.CreateLogger<EnginePoisonServiceBusFunction>()),
        new NightlyFunction(pipeline, loggers.CreateLogger<NightlyFunction>()),
        new JobStatusFunction(pipeline),
        new SubmitJobFunction(pipeline, loggers.CreateLogger<SubmitJobFunction>()),
        new JobMessageFunction(pipeline),
    ];

    /// <summary>Completes when storage is ready (the handler is listening already and answers 503 until then).</summary>
    /// <param name="cancellationToken">Stops waiting; the attempts go on.</param>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => Readiness.WaitAsync(cancellationToken);

    /// <summary>Waits until the host is asked to stop (Ctrl+C or SIGTERM from the Functions host).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Readiness.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
