using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.Tests.ServiceBus;

/// <summary>
/// Stands in for the Service Bus front end (no emulator runs here): records every request as it would go on the wire
/// and answers with the scripted responses in order, as the REST documentation describes them.
/// </summary>
internal sealed class RecordingTransport : HttpPipelineTransport
{
    private readonly Queue<ScriptedResponse> _responses = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordingTransport Respond(int status, params (string Name, string Value)[] headers) => Respond(status, null, headers);

    public RecordingTransport Respond(int status, byte[]? body, params (string Name, string Value)[] headers)
    {
        _responses.Enqueue(new ScriptedResponse(status, body ?? [], headers));
        return this;
    }

    public override Request CreateRequest() => HttpClientTransport.Shared.CreateRequest();

    public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        var request = message.Request;
        byte[] body = [];
        if (request.Content is { } content)
        {
            using var buffer = new MemoryStream();
            content.WriteTo(buffer, CancellationToken.None);
            body = buffer.ToArray();
        }

        Requests.Add(new RecordedRequest(
            request.Method.Method,
            request.Uri.ToUri(),
            request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
            body));
        if (!_responses.TryDequeue(out var response))
        {
            throw new InvalidOperationException($"No scripted response left for {request.Method} {request.Uri}.");
        }

        message.Response = response;
        return ValueTask.CompletedTask;
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
