using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// Parts that bi processes reach through configuration alone, as a deployment would give them: the fixture's Azurite,
/// a provider emulator of the test's own, and a Durable task hub of the test's own, all passed as environment variables
/// (<c>Storage__ConnectionString</c>, <c>Providers__OpenAI__*</c>, <c>Engine__*</c>, <c>Durable__*</c>). The test
/// reads jobs and results through the same storage and task hub.
/// </summary>
internal sealed class ConfiguredParts : IAsyncDisposable
{
    private ConfiguredParts(
        EmulatorServer emulator, AzureBlobStore blobs, TaskHubDurableTaskClient taskHub, JobEngine engine,
        Dictionary<string, string> environment, string workDirectory)
    {
        Emulator = emulator;
        Blobs = blobs;
        TaskHub = taskHub;
        Engine = engine;
        Environment = environment;
        WorkDirectory = workDirectory;
    }

    public EmulatorServer Emulator { get; }

    public AzureBlobStore Blobs { get; }

    /// <summary>The test's task hub (<c>Durable__TaskHubName</c>), deleted on dispose.</summary>
    public TaskHubDurableTaskClient TaskHub { get; }

    /// <summary>An engine on the same storage and task hub, for the test to look at jobs (it runs no worker).</summary>
    public JobEngine Engine { get; }

    /// <summary>What every bi process of the test gets: the parts, and short timings so the test is quick.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>A temp folder for input files and working directories; deleted on dispose.</summary>
    public string WorkDirectory { get; }

    public static async Task<ConfiguredParts> StartAsync(
        AzuriteFixture azurite, Action<EmulatorOptions>? emulator = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var emulatorOptions = new EmulatorOptions { Seed = 7 };
        emulator?.Invoke(emulatorOptions);
        var server = await EmulatorServer.StartAsync(emulatorOptions, TimeProvider.System, NullLoggerFactory.Instance);
        var taskHubName = "cli" + Guid.NewGuid().ToString("N")[..16];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Providers__OpenAI__BaseUrl"] = new Uri(server.BaseAddress, "v1").ToString(),
            ["Providers__OpenAI__ApiKey"] = "cli-test",
            ["Providers__OpenAI__BaseRetryDelay"] = "00:00:00.050",
            ["Providers__OpenAI__MaxRetryDelay"] = "00:00:01",
            ["Durable__TaskHubName"] = taskHubName,
            ["Durable__PartitionCount"] = "2",
            ["Durable__MaxQueuePollingInterval"] = "00:00:00.500",
            ["Engine__CheckpointInterval"] = "00:00:00.300",
            ["Engine__LeaseDuration"] = "00:00:15",
            ["Engine__LeaseBusyRetry"] = "00:00:01",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var blobs = azurite.CreateBlobStore();
        // Emulator ports come round again in a test run: the bi processes learn only from this test's own jobs.
        await blobs.DeleteUnderAsync(
            StorageLayout.WorkContainer, $"{CompletionKey.Prefix}{CompletionKey.ScopeOf(new EngineOptions().Provider, new Uri(server.BaseAddress, "v1"))}/");
        var taskHub = new TaskHubDurableTaskClient(azurite.Account, new DurableTaskHubOptions { TaskHubName = taskHubName, PartitionCount = 2 });
        var client = new RealtimeClient(new ProviderEndpointOptions { BaseUrl = new Uri(server.BaseAddress, "v1") }, TimeProvider.System);
        var providers = new ProviderSet([new ProviderEndpoint(new EngineOptions().Provider, client)]);
        var engine = new JobEngine(blobs, taskHub, providers, PriceCatalog.BuiltIn(), TimeProvider.System, new EngineOptions { WorkerId = "cli-test-observer" });
        var work = Directory.CreateTempSubdirectory("bi-cli-parts-").FullName;
        return new ConfiguredParts(server, blobs, taskHub, engine, environment, work);
    }

    /// <summary>Writes <paramref name="lines"/> good request lines (chat for even ids, embeddings for odd) and returns the path.</summary>
    public string WriteInput(string name, int lines)
    {
        var path = Path.Combine(WorkDirectory, name);
        var text = new StringBuilder();
        for (var n = 0; n < lines; n++)
        {
            text.Append(n % 2 == 0
                ? $$$"""{"custom_id": "{{{Id(n)}}}", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4.1-mini", "messages": [{"role": "user", "content": "Ticket {{{n}}}: my parcel is late."}], "max_tokens": 20}}"""
                : $$$"""{"custom_id": "{{{Id(n)}}}", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "Ticket {{{n}}}: refund please."}}""");
            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    public static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"req-{n:D4}");

    /// <summary>Runs bi to completion with this test's environment.</summary>
    public Task<BiProcessResult> RunBiAsync(TimeSpan timeout, params string[] arguments) =>
        BiProcess.RunAsync(WorkDirectory, timeout, Environment, arguments);

    /// <summary>Starts a long-running bi with this test's environment.</summary>
    public RunningBi StartBi(params string[] arguments) => BiProcess.Start(WorkDirectory, Environment, arguments);

    /// <summary>The JSON lines of a blob; empty when the blob does not exist.</summary>
    public async Task<List<JsonElement>> ReadJsonLinesAsync(string container, string blobName)
    {
        if (await Blobs.GetPropertiesAsync(container, blobName) is null)
        {
            return [];
        }

        await using var download = await Blobs.DownloadAsync(container, blobName);
        using var reader = new StreamReader(download.Content, Encoding.UTF8);
        var lines = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                using var document = JsonDocument.Parse(line);
                lines.Add(document.RootElement.Clone());
            }
        }

        return lines;
    }

    /// <summary>A JSON blob's root element.</summary>
    public async Task<JsonElement> ReadJsonAsync(string container, string blobName)
    {
        await using var download = await Blobs.DownloadAsync(container, blobName);
        using var document = await JsonDocument.ParseAsync(download.Content);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await TaskHub.DeleteTaskHubAsync();
        await TaskHub.DisposeAsync();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
