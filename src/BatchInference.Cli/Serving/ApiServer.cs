using System.Net;
using BatchInference.Api;
using BatchInference.Api.Auth;
using BatchInference.Api.Hosting;
using BatchInference.Cli.Composition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchInference.Cli.Serving;

/// <summary>
/// The OpenAI-compatible Batch API on Kestrel over a pipeline's engine and storage (<c>bi serve</c>): <c>/v1/files…</c>
/// and <c>/v1/batches…</c>, on loopback or on every interface, port 0 for a free one.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where clients point their SDK (<c>http://host:port/v1</c>).</summary>
    public Uri BaseAddress { get; }

    public static async Task<ApiServer> StartAsync(
        Pipeline pipeline, ApiAuthenticator auth, BatchApiOptions options, int port, bool loopbackOnly, ILoggerFactory loggers,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Room for the largest file the API accepts (Kestrel's default is 30 MB), plus the multipart framing.
            kestrel.Limits.MaxRequestBodySize = options.MaxFileBytes + (1 << 20);
            kestrel.Listen(loopbackOnly ? IPAddress.Loopback : IPAddress.Any, port);
        });
        var app = builder.Build();
        app.MapBatchApi(new BatchApi(pipeline.Engine, pipeline.Blobs, auth, options, TimeProvider.System));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new ApiServer(app, new Uri(bound, "/v1"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
