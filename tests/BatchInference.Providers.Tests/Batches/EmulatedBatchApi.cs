using BatchInference.Emulator;
using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>
/// The provider emulator, started with fast batch lifecycles, and a batch client of one kind talking to it over HTTP:
/// the set-up every emulator test of a batch provider shares.
/// </summary>
internal sealed class EmulatedBatchApi : IAsyncDisposable
{
    private readonly ProviderKind _kind;
    private readonly Uri _endpoint;
    private readonly string? _apiKey;

    private EmulatedBatchApi(EmulatorServer emulator, ProviderKind kind, string? apiKey)
    {
        Emulator = emulator;
        _kind = kind;
        _endpoint = new Uri(emulator.BaseAddress, "v1");
        _apiKey = apiKey;
        Provider = Restarted();
    }

    public EmulatorServer Emulator { get; }

    public IBatchProvider Provider { get; }

    /// <summary>The request URL the kind's batch API serves.</summary>
    public string Url => _kind == ProviderKind.Anthropic ? "/v1/messages" : "/v1/chat/completions";

    /// <param name="kind">The batch API to test.</param>
    /// <param name="configure">Changes to the emulator's options.</param>
    /// <param name="apiKey">When set, the key the emulator requires and the client sends.</param>
    public static async Task<EmulatedBatchApi> StartAsync(ProviderKind kind, Action<EmulatorOptions>? configure = null, string? apiKey = null)
    {
        var emulator = await BatchEmulator.StartAsync(o =>
        {
            o.RequiredApiKey = apiKey;
            configure?.Invoke(o);
        });
        return new EmulatedBatchApi(emulator, kind, apiKey);
    }

    /// <summary>One small request per custom id, in the kind's request format.</summary>
    public List<BatchInputLine> Lines(params string[] customIds) =>
        [.. customIds.Select(id => _kind == ProviderKind.Anthropic ? BatchTestEndpoints.MessageLine(id) : BatchTestEndpoints.ChatLine(id))];

    /// <summary>A fresh client of the same endpoint, as a worker has after a crash.</summary>
    public IBatchProvider Restarted() => BatchTestEndpoints.Provider(_kind, _endpoint, _apiKey);

    /// <summary>Waits until the batch has ended and reads every result line it has.</summary>
    public async Task<(ProviderBatch Ended, List<BatchResultLine> Lines)> EndAsync(string batchId)
    {
        var ended = await BatchEmulator.WaitAsync(Provider, batchId);
        return (ended, await BatchTestEndpoints.ReadAllAsync(Provider, ended));
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
