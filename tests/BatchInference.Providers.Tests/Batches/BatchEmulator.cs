using BatchInference.Emulator;
using BatchInference.Providers.Batches;
using BatchInference.Testing;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>Starts the provider emulator with fast batch lifecycles and waits on batches over HTTP.</summary>
internal static class BatchEmulator
{
    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions
        {
            Seed = 7,
            BatchValidationTime = TimeSpan.FromMilliseconds(20),
            BatchFinalizationTime = TimeSpan.FromMilliseconds(20),
            BatchCancelTime = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>Polls the provider until the batch is in a state <paramref name="done"/> accepts (bounded, not a sleep).</summary>
    public static async Task<ProviderBatch> WaitAsync(IBatchProvider provider, string batchId, Func<ProviderBatch, bool>? done = null)
    {
        done ??= b => b.IsTerminal;
        ProviderBatch? last = null;
        await Poll.UntilAsync(
            async () => done(last = await provider.GetAsync(batchId)),
            $"batch {batchId} to reach the expected state",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(20));
        return last!;
    }
}
