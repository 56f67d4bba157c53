using BatchInference.Emulator;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// The provider emulator of <c>job-memory</c>, in a process of its own so that what it keeps per request is not
/// counted in the runner's memory. No latency, no limits; prints its OpenAI base address on stdout and runs until its
/// stdin closes (the parent closes it, or dies).
/// </summary>
internal sealed class JobMemoryEmulator : IBenchmark
{
    public const string CommandName = "job-memory-emulator";

    /// <summary>The prefix of the address line on stdout.</summary>
    public const string AddressPrefix = "JOB-MEMORY-EMULATOR ";

    // The request log grows by a record per call; the benchmark never reads it, so it is cleared now and then to keep a
    // million-line run from costing this process hundreds of MB (and the machine its headroom).
    private static readonly TimeSpan ClearLogInterval = TimeSpan.FromSeconds(10);

    public string Name => CommandName;

    public string Description => "(child of job-memory) provider emulator, no latency or limits, until stdin closes";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 }, cancellationToken);
        Console.WriteLine(AddressPrefix + new Uri(server.BaseAddress, "v1"));

        await using var stdin = Console.OpenStandardInput();
        var stdinClosed = stdin.CopyToAsync(Stream.Null, cancellationToken);
        while (!stdinClosed.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(stdinClosed, Task.Delay(ClearLogInterval, cancellationToken));
            server.RequestLog.Clear();
        }

        return 0;
    }
}
