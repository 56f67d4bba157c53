using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.Functions.Hosting;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Testing.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Functions.Tests.Infrastructure;

/// <summary>
/// The custom handler running in-process on a free loopback port over the shared Azurite, with its own work queue,
/// and an HTTP client that posts recorded host payloads to it as the Functions host would.
/// </summary>
internal sealed class FunctionsHarness : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _spool;

    private FunctionsHarness(FunctionsHost host, StorageQueueClient queue, string spool)
    {
        Host = host;
        Queue = queue;
        _spool = spool;
        _http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public FunctionsHost Host { get; }

    /// <summary>A client on the handler's work queue (as the host's queue trigger would see it).</summary>
    public StorageQueueClient Queue { get; }

    public IBlobStore Blobs => Host.Pipeline.Blobs;

    /// <param name="azurite">The storage account.</param>
    /// <param name="serviceBus">With a recording client, the engine's work queue is a Service Bus queue on it
    /// (<c>Engine:Queue=servicebus</c>).</param>
    public static async Task<FunctionsHarness> StartAsync(AzuriteFixture azurite, RecordingServiceBusClient? serviceBus = null)
    {
        var queueName = "fn-" + Guid.NewGuid().ToString("N")[..16];
        var spool = Directory.CreateTempSubdirectory("bi-functions-tests-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["Engine:QueueName"] = queueName,
            ["Engine:SpoolDirectory"] = spool,
            ["Engine:SidecarGracePeriod"] = "00:00:00", // these drops are complete when dropped; the engine tests cover the wait
            // No test here runs a shard, so no provider is called; the address only has to be valid.
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        };
        if (serviceBus is not null)
        {
            settings["Engine:Queue"] = "servicebus";
            settings["ServiceBus"] = $"Endpoint=sb://{serviceBus.FullyQualifiedNamespace}/;SharedAccessKeyName=k;SharedAccessKey=v";
            settings["ServiceBus:WorkQueue"] = queueName;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = await FunctionsHost.StartAsync(configuration, 0, NullLoggerFactory.Instance, TimeProvider.System, embedded: true, serviceBus);
        await host.WaitUntilReadyAsync().WaitAsync(Poll.HangGuard);
        return new FunctionsHarness(host, StorageQueueClient.FromConnectionString(azurite.ConnectionString, queueName), spool);
    }

    /// <summary>A recorded payload from Payloads/ with its <c>{{name}}</c> placeholders filled (values JSON-escaped).</summary>
    public static string Payload(string file, IReadOnlyDictionary<string, string>? values = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", file));
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            text = text.Replace("{{" + name + "}}", JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        return text;
    }

    /// <summary>Posts a payload to <c>/{function}</c> and returns the status and the parsed response payload.</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> InvokeAsync(string function, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(function, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"{function} answered no JSON object: {text}");
        Assert.True(body.ContainsKey("Outputs") && body.ContainsKey("Logs") && body.ContainsKey("ReturnValue"), $"Not a response payload: {text}");
        return (response.StatusCode, body);
    }

    /// <summary>Uploads a small job of <paramref name="lines"/> chat requests to jobs/<paramref name="blobName"/>.</summary>
    public async Task UploadJobAsync(string blobName, int lines = 3)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("{\"custom_id\":\"r").Append(i)
                .Append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8}}\n");
        }

        await Blobs.UploadAsync(StorageLayout.JobsContainer, blobName, BinaryData.FromString(text.ToString()));
    }

    /// <summary>The blob's URL as Event Grid reports it.</summary>
    public Uri BlobUrl(string container, string blobName) =>
        new(Host.Pipeline.BlobEndpoint.ToString().TrimEnd('/') + "/" + container + "/" + blobName);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
        await Queue.DeleteIfExistsAsync();
        Directory.Delete(_spool, recursive: true);
    }
}
