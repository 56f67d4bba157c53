using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>What the capture server received.</summary>
internal sealed record CapturedRequest(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Method { get; init; } = "POST";

    /// <summary>The query string with its leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = string.Empty;
}

/// <summary>What the capture server answers.</summary>
internal sealed record CaptureReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A loopback Kestrel server that records every request's raw bytes and headers and answers through a test-supplied
/// function (which may await, to hold requests open). Used where the emulator cannot show what we need: the exact
/// bytes on the wire, chosen error statuses, requests held in flight.
/// </summary>
internal sealed class CaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;

    private CaptureServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The OpenAI SDK endpoint: the base address plus <c>v1</c>.</summary>
    public Uri Endpoint => new(BaseAddress, "v1");

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int InFlight => Volatile.Read(ref _inFlight);

    public static async Task<CaptureServer> StartAsync(Func<CapturedRequest, CancellationToken, Task<CaptureReply>> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CaptureServer(app);
        app.Run(context => server.HandleAsync(context, respond));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public static Task<CaptureServer> StartAsync(Func<CapturedRequest, CaptureReply> respond) =>
        StartAsync((request, _) => Task.FromResult(respond(request)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, Func<CapturedRequest, CancellationToken, Task<CaptureReply>> respond)
    {
        var now = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
            {
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new CapturedRequest(context.Request.Path.Value ?? string.Empty, buffer.ToArray(), headers)
            {
                Method = context.Request.Method,
                Query = context.Request.QueryString.Value ?? string.Empty,
            };
            Requests.Enqueue(request);
            var reply = await respond(request, context.RequestAborted);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
