using Microsoft.Extensions.Hosting;

namespace BatchInference.Emulator.Hosting;

/// <summary>
/// The emulator runs inside someone else's process (tests, <c>bi demo</c>, <c>bi emulator</c>), so it must not own the
/// process's signals. The default <c>ConsoleLifetime</c> would catch SIGINT/SIGTERM, cancel the process's termination
/// and stop only the emulator, leaving the host process running and deaf to Ctrl+C.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
