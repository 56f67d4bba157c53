using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace BatchInference.Testing.EventGrid;

/// <summary>
/// A stand-in for an Event Grid custom topic (CloudEvents input schema) on loopback, since no Event Grid emulator exists:
/// a real <see cref="HttpListener"/> that checks each publish request the way the topic's publish API documents it —
/// <c>POST</c> to the topic endpoint with <c>?api-version=2018-01-01</c>, the access key in <c>aeg-sas-key</c>, content
/// type <c>application/cloudevents-batch+json</c>, and a JSON array of CloudEvents 1.0 (<c>specversion</c>, <c>id</c>,
/// <c>source</c>, <c>type</c>) — answering 400 with the problems when it is not, else the status <see cref="Answer"/> picks.
/// </summary>
public sealed class EventGridTopicReceiver : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _key;
    private readonly ConcurrentQueue<PublishRequest> _requests = new();
    private int _count;

    private EventGridTopicReceiver(string key)
    {
        _key = key;
        _server = LoopbackHttpServer.Start(HandleAsync);
        Endpoint = new Uri(_server.BaseAddress + "api/events");
    }

    /// <summary>The topic endpoint to configure (<c>Notify:EventGrid:Endpoint</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>The status for the n-th well-formed request (1-based); 200 by default.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<PublishRequest> Requests => [.. _requests];

    /// <summary>Starts a topic that accepts <paramref name="key"/>.</summary>
    public static EventGridTopicReceiver Start(string key)
    {
        return new EventGridTopicReceiver(key);
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var request = context.Request;
        var problems = Check(request, body.ToArray(), out var events);
        var status = problems.Count > 0 ? 400 : Answer(Interlocked.Increment(ref _count));
        _requests.Enqueue(new PublishRequest(events, problems, status));
        LoopbackHttpServer.Answer(context, status);
    }

    private List<string> Check(HttpListenerRequest request, byte[] body, out IReadOnlyList<JsonElement> events)
    {
        var problems = new List<string>();
        events = [];
        Expect(request.HttpMethod == "POST", "method " + request.HttpMethod);
        Expect(request.Url?.AbsolutePath == Endpoint.AbsolutePath, "path " + request.Url?.AbsolutePath);
        Expect(request.QueryString["api-version"] == "2018-01-01", "api-version " + request.QueryString["api-version"]);
        Expect(request.Headers["aeg-sas-key"] == _key, "aeg-sas-key missing or wrong");
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        Expect(mediaType == "application/cloudevents-batch+json", "content type " + request.ContentType);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add("body is not a JSON array");
                return problems;
            }

            events = [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
            foreach (var e in events)
            {
                Expect(e.TryGetProperty("specversion", out var v) && v.GetString() == "1.0", "specversion");
                foreach (var required in new[] { "id", "source", "type" })
                {
                    Expect(e.TryGetProperty(required, out var p) && p.ValueKind == JsonValueKind.String && p.GetString()!.Length > 0, required + " missing");
                }
            }
        }
        catch (JsonException e)
        {
            problems.Add("body is not JSON: " + e.Message);
        }

        return problems;

        void Expect(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>One publish request the topic got.</summary>
/// <param name="Events">The CloudEvents in it.</param>
/// <param name="Problems">How it differs from what the publish API expects; empty when well-formed.</param>
/// <param name="Status">The status it was answered with.</param>
public sealed record PublishRequest(IReadOnlyList<JsonElement> Events, IReadOnlyList<string> Problems, int Status);
