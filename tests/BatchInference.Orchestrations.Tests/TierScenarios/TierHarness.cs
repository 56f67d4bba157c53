using System.Text;
using BatchInference.Emulator;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Providers;
using BatchInference.Providers.Batches;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// The engine with every tier wired to real parts: the emulator as OpenAI (real time, flex, batch) and as Anthropic
/// (messages, message batches), a second emulator as the spot endpoint (a test may kill it), Azurite, and the
/// compressed catalog. Polls are fast so a "24 h" batch lifecycle runs in seconds; they are durable timers, real time as
/// the emulator's batch clock is.
/// </summary>
internal sealed class TierHarness : IAsyncDisposable
{
    private TierHarness(EngineHarness engine, EmulatorServer spot)
    {
        Engine = engine;
        Spot = spot;
    }

    public EngineHarness Engine { get; }

    /// <summary>The spot endpoint (its own emulator).</summary>
    public EmulatorServer Spot { get; }

    /// <summary>Wraps each engine's OpenAI batch API, e.g. to crash right after a batch was created.</summary>
    public Func<IBatchProvider, IBatchProvider>? WrapOpenAIBatches { get; set; }

    public static async Task<TierHarness> StartAsync(
        AzuriteFixture azurite, Action<EmulatorOptions>? emulator = null, Action<EngineOptions>? engine = null, Func<IBatchProvider, IBatchProvider>? wrap = null,
        int workers = 1)
    {
        var spot = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 11 }, TimeProvider.System, NullLoggerFactory.Instance);
        TierHarness? harness = null;
        var started = await EngineHarness.StartWithProvidersAsync(
            azurite,
            h => Providers(h.Emulator, spot, harness?.WrapOpenAIBatches ?? wrap),
            TierCatalogs.Compressed,
            emulator: o =>
            {
                o.BatchValidationTime = TimeSpan.FromMilliseconds(300);
                o.BatchFinalizationTime = TimeSpan.FromMilliseconds(300);
                o.BatchCancelTime = TimeSpan.FromMilliseconds(300);
                emulator?.Invoke(o);
            },
            engine: o =>
            {
                o.ShardMaxLines = 60;
                o.KeepWorkFiles = true; // the scenarios read the shard states (tier, tier change) afterwards
                o.BatchPollInterval = TimeSpan.FromMilliseconds(400);
                o.BatchPollMaxInterval = TimeSpan.FromSeconds(1);
                o.FallbackSwitchAfter = 4;
                engine?.Invoke(o);
            },
            workers: workers);
        harness = new TierHarness(started, spot);
        return harness;
    }

    /// <summary>Uploads <paramref name="lines"/> chat lines with the given settings sidecar, runs the job, returns its summary.</summary>
    public Task<(string JobId, JobSummary Summary)> RunAsync(int lines, string settingsJson, string model = TierCatalogs.Model, TimeSpan? timeout = null) =>
        RunAsync(Input(lines, model), settingsJson, timeout);

    /// <summary>Uploads <paramref name="input"/> with the given settings sidecar, runs the job, returns its summary.</summary>
    public async Task<(string JobId, JobSummary Summary)> RunAsync(byte[] input, string settingsJson, TimeSpan? timeout = null)
    {
        var jobId = await SubmitAsync(input, settingsJson);
        return (jobId, await Engine.WaitForSummaryAsync(jobId, timeout ?? TimeSpan.FromSeconds(60)));
    }

    /// <summary>Uploads <paramref name="input"/> with the given settings sidecar and submits it; returns the job id.</summary>
    public async Task<string> SubmitAsync(byte[] input, string settingsJson)
    {
        var name = await Engine.UploadJobAsync(input, testName: "tiers");
        await Engine.UploadSidecarAsync(name, settingsJson);
        return await Engine.Engine.SubmitAsync(StorageLayout.JobsContainer, name);
    }

    public static byte[] Input(int lines, string model) => Input(lines, _ => model);

    /// <summary>Chat (or, for claude models, messages) lines, the model of line <c>i</c> chosen by <paramref name="modelOf"/>.</summary>
    public static byte[] Input(int lines, Func<int, string> modelOf)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            var model = modelOf(i);
            var body = model.StartsWith("claude", StringComparison.Ordinal)
                ? $$"""{"model":"{{model}}","max_tokens":24,"messages":[{"role":"user","content":"Summarise item {{i}}"}]}"""
                : $$"""{"model":"{{model}}","max_tokens":24,"messages":[{"role":"user","content":"Summarise item {{i}}"}]}""";
            var url = model.StartsWith("claude", StringComparison.Ordinal) ? "/v1/messages" : "/v1/chat/completions";
            text.Append($$"""{"custom_id":"req-{{i}}","method":"POST","url":"{{url}}","body":{{body}}}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Billable calls each emulator logged, by tier.</summary>
    public IReadOnlyDictionary<string, int> BillableByTier() =>
        Engine.Emulator.RequestLog.Snapshot().Concat(Spot.RequestLog.Snapshot())
            .Where(r => r.Billable)
            .GroupBy(r => r.Tier + (r.Provider == EmulatorProviders.OpenAI ? string.Empty : "@" + r.Provider))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int SpotBillable => Spot.RequestLog.Snapshot().Count(r => r.Billable);

    public async Task<IReadOnlyList<ShardState>> ShardsAsync(string jobId, int count)
    {
        var shards = new List<ShardState>();
        for (var k = 0; k < count; k++)
        {
            var state = await Engine.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.ShardState(jobId, k));
            if (state is not null)
            {
                shards.Add(System.Text.Json.JsonSerializer.Deserialize(state.Content.ToMemory().Span, StateJsonContext.Default.ShardState)!);
            }
        }

        return shards;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Spot.DisposeAsync();
    }

    private static ProviderSet Providers(EmulatorServer emulator, EmulatorServer spot, Func<IBatchProvider, IBatchProvider>? wrap)
    {
        var openai = Endpoint("openai", ProviderKind.OpenAI, emulator);
        var anthropic = Endpoint("anthropic", ProviderKind.Anthropic, emulator);
        var spotEndpoint = Endpoint("spot", ProviderKind.OpenAI, spot);
        spotEndpoint.MaxAttempts = 3;
        spotEndpoint.CircuitBreakerMinimumThroughput = 1000; // failures fall back at once; the circuit plays no part here
        var set = ProviderSets.Create([openai, anthropic, spotEndpoint], TimeProvider.System);
        if (wrap is null)
        {
            return set;
        }

        var wrapped = set.Find("openai")!;
        return new ProviderSet([wrapped with { Batch = wrap(wrapped.Batch!) }, set.Find("anthropic")!, set.Find("spot")!]);
    }

    private static ProviderEndpointOptions Endpoint(string name, ProviderKind kind, EmulatorServer server) => new()
    {
        Name = name,
        Kind = kind,
        BaseUrl = new Uri(server.BaseAddress, "v1"),
        ApiKey = "test",
        MaxConcurrency = 8,
        BaseRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };
}
