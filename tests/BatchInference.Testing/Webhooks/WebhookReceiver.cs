using System.Collections.Concurrent;
using System.Net;

namespace BatchInference.Testing.Webhooks;

/// <summary>
/// A webhook receiver on loopback: a real <see cref="HttpListener"/> on a free port that records every request
/// (headers, body, whether its signature verifies) and answers with the status <see cref="Answer"/> picks for it.
/// A receiver following the spec keeps the first delivery of each <c>webhook-id</c> and acknowledges repeats.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _secret;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private int _count;

    private WebhookReceiver(string secret)
    {
        _secret = secret;
        _server = LoopbackHttpServer.Start(HandleAsync);
        Url = _server.BaseAddress + "hooks/bi?token=t0ps3cret";
    }

    /// <summary>The URL to give the pipeline (with a query token, as real webhook URLs often have).</summary>
    public string Url { get; }

    /// <summary>The status for the n-th request (1-based); 200 by default.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>Called with each request before it is answered (e.g. to hold it); returns when it may be answered.</summary>
    public Func<int, Task>? BeforeAnswer { get; set; }

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedWebhook> Requests => [.. _requests];

    /// <summary>The requests answered 2xx with a valid signature, one per <c>webhook-id</c>: what a receiver keeps.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted =>
        [.. _requests.Where(r => r.Verified && r.Status is >= 200 and < 300).GroupBy(r => r.Id).Select(g => g.First())];

    /// <summary>Starts a receiver verifying with <paramref name="secret"/>.</summary>
    public static WebhookReceiver Start(string secret)
    {
        return new WebhookReceiver(secret);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var n = Interlocked.Increment(ref _count);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers;
        var bytes = body.ToArray();
        var verified = StandardWebhookVerifier.Verify(_secret, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], bytes);
        var status = Answer(n);
        if (BeforeAnswer is { } hold)
        {
            await hold(n);
        }

        _requests.Enqueue(new ReceivedWebhook(n, headers["webhook-id"] ?? string.Empty, headers["webhook-timestamp"], bytes, verified, status)
        {
            Signature = headers["webhook-signature"],
        });
        LoopbackHttpServer.Answer(context, status);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>One request the receiver got.</summary>
/// <param name="Number">Its arrival number (1-based).</param>
/// <param name="Id">Its <c>webhook-id</c>.</param>
/// <param name="Timestamp">Its <c>webhook-timestamp</c>.</param>
/// <param name="Body">Its body.</param>
/// <param name="Verified">Whether its signature verified.</param>
/// <param name="Status">The status it was answered with.</param>
public sealed record ReceivedWebhook(int Number, string Id, string? Timestamp, byte[] Body, bool Verified, int Status)
{
    /// <summary>Its <c>webhook-signature</c> header, for a foreign client to verify again.</summary>
    public string? Signature { get; init; }
}
