using System.Diagnostics;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Local;

/// <summary>
/// A running Azurite process. Disposing it kills the process tree and removes a temporary workspace; if this process
/// dies first, Azurite exits on its own (see <see cref="AzuriteLauncher"/>) and the next launch removes the workspace.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private const string Host = "127.0.0.1";
    private readonly Process _process;
    private readonly OwnedTempFolder? _temporaryLocation;
    private readonly ILogger _logger;
    private int _disposed;

    internal AzuriteInstance(
        Process process, int blobPort, int queuePort, int tablePort, string? location, OwnedTempFolder? temporaryLocation, ILogger? logger)
    {
        _process = process;
        Location = location;
        _temporaryLocation = temporaryLocation;
        _logger = logger ?? NullLogger.Instance;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        BlobEndpoint = Endpoint(blobPort);
        QueueEndpoint = Endpoint(queuePort);
        TableEndpoint = Endpoint(tablePort);
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={StorageAccount.DevelopmentAccountName};" +
            $"AccountKey={StorageAccount.DevelopmentAccountKey};" +
            $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";
    }

    /// <summary>The Node.js process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>The queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>The table service port.</summary>
    public int TablePort { get; }

    /// <summary>Path-style blob endpoint, e.g. <c>http://127.0.0.1:10000/devstoreaccount1/</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>Path-style queue endpoint.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>Path-style table endpoint.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>A connection string for the well-known development account on these ports.</summary>
    public string ConnectionString { get; }

    /// <summary>The workspace folder holding persisted data, or null when Azurite keeps data in memory.</summary>
    public string? Location { get; }

    /// <summary>True once the process has ended (always after dispose).</summary>
    public bool HasExited => Volatile.Read(ref _disposed) == 1 || _process.HasExited;

    /// <summary>
    /// Stops Azurite the way a host shutting it down would: it closes its servers and saves its database (a kill loses
    /// the writes since its last autosave). Closing the launcher's stdin is the signal; see <see cref="AzuriteLifeline"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the exit; the process is then left to <see cref="DisposeAsync"/>.</param>
    public async Task StopGracefullyAsync(CancellationToken cancellationToken = default)
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var id = _process.Id;
        await AzuriteLauncher.StopAsync(_process).ConfigureAwait(false);
        _process.Dispose();
        _temporaryLocation?.Dispose();

        Log.AzuriteStopped(_logger, id);
    }

    private static Uri Endpoint(int port) =>
        new($"http://{Host}:{port}/{StorageAccount.DevelopmentAccountName}/");
}
