namespace BatchInference.Workers.Tests.Support;

/// <summary>A <see cref="WorkerHost"/> running in the background until the test stops it (or disposes it).</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stop = new();

    public RunningHost(WorkerHost host)
    {
        Host = host;
        Run = host.RunAsync(_stop.Token);
    }

    public WorkerHost Host { get; }

    public Task Run { get; }

    public WorkerStats Stats => Host.Stats;

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(StopBound);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }
}
