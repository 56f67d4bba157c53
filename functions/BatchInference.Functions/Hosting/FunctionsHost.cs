using System.Net;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// The running custom handler: Kestrel on loopback (the Functions host calls <c>http://127.0.0.1:{FUNCTIONS_CUSTOMHANDLER_PORT}</c>)
/// with one <c>POST /{FunctionName}</c> per function. Nothing is read from ASPNETCORE_* or appsettings: the pipeline's
/// settings come in as configuration. Dispose to stop it.
/// </summary>
internal sealed class FunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionsHost(WebApplication app, FunctionsPipeline pipeline, Uri baseAddress)
    {
        _app = app;
        Pipeline = pipeline;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public FunctionsPipeline Pipeline { get; }

    /// <summary>Builds the pipeline from <paramref name="configuration"/>, creates its containers and queue, and starts listening.</summary>
    /// <param name="configuration">The app settings.</param>
    /// <param name="port">The port; 0 picks a free one (tests).</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="embedded">True in a test process: no Ctrl+C handling, which belongs to the process's owner.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    public static async Task<FunctionsHost> StartAsync(
        IConfiguration configuration, int port, ILoggerFactory loggers, TimeProvider timeProvider, bool embedded = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var pipeline = FunctionsPipeline.Create(configuration, loggers, timeProvider);
        await pipeline.InitializeAsync(cancellationToken).ConfigureAwait(false);

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
        foreach (var function in CreateFunctions(pipeline, loggers))
        {
            var endpoint = new FunctionEndpoint(function, loggers.CreateLogger("BatchInference.Functions." + function.Name));
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
        var host = new FunctionsHost(app, pipeline, new Uri(address.TrimEnd('/') + "/"));
        Log.Listening(loggers.CreateLogger<FunctionsHost>(), host.BaseAddress.ToString());
        return host;
    }

    /// <summary>Every function of the app; each has a folder with its function.json next to the executable.</summary>
    public static IReadOnlyList<IFunction> CreateFunctions(FunctionsPipeline pipeline, ILoggerFactory loggers) =>
    [
        new JobDroppedFunction(pipeline, loggers.CreateLogger<JobDroppedFunction>()),
        new EngineWorkFunction(pipeline, loggers.CreateLogger<EngineWorkFunction>()),
        new EnginePoisonFunction(pipeline, loggers.CreateLogger<EnginePoisonFunction>()),
        new NightlyFunction(pipeline, loggers.CreateLogger<NightlyFunction>()),
        new JobStatusFunction(pipeline),
        new SubmitJobFunction(pipeline, loggers.CreateLogger<SubmitJobFunction>()),
        new JobMessageFunction(pipeline),
    ];

    /// <summary>Waits until the host is asked to stop (Ctrl+C or SIGTERM from the Functions host).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
