using Microsoft.Extensions.Hosting;

namespace BatchInference.Functions.Hosting;

/// <summary>A lifetime that leaves Ctrl+C and SIGTERM to the process that embeds the handler (a test run).</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
