using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInference.Functions.Tests.Infrastructure;

/// <summary>
/// Stands in for a Service Bus namespace's HTTP front end (no Service Bus or emulator runs here): answers Send Message
/// (<c>POST /{queue}/messages</c>) with 201 as the REST reference documents and records each send as it arrived, so a
/// test can hand a sent message back to the handler the way the Functions host's trigger would.
/// </summary>
internal sealed class ServiceBusFrontEnd : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceBusFrontEnd(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    /// <summary>The emulator-form connection string for this front end (plain HTTP, SAS-signed).</summary>
    public string ConnectionString =>
        $"Endpoint=sb://{Address.Host}:{Address.Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=test-key;UseDevelopmentEmulator=true";

    public static async Task<ServiceBusFrontEnd> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        ServiceBusFrontEnd? frontEnd = null;
        app.MapPost("/{queue}/messages", async (HttpContext context, string queue) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var broker = JsonDocument.Parse(context.Request.Headers["BrokerProperties"].ToString()).RootElement;
            frontEnd!.Sent.Enqueue(new SentMessage(
                queue,
                broker.GetProperty("MessageId").GetString()!,
                broker.TryGetProperty("ScheduledEnqueueTimeUtc", out var scheduled)
                    ? DateTimeOffset.Parse(scheduled.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    : null,
                BinaryData.FromBytes(body.ToArray()),
                context.Request.Headers.Authorization.ToString()));
            context.Response.StatusCode = StatusCodes.Status201Created;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        frontEnd = new ServiceBusFrontEnd(app, new Uri(address));
        return frontEnd;
    }

    /// <summary>Sends to <paramref name="queue"/> so far, in arrival order.</summary>
    public IReadOnlyList<SentMessage> SentTo(string queue) => [.. Sent.Where(m => m.Queue == queue)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One Send Message request the front end answered.</summary>
internal sealed record SentMessage(string Queue, string MessageId, DateTimeOffset? ScheduledEnqueueTimeUtc, BinaryData Body, string Authorization);
