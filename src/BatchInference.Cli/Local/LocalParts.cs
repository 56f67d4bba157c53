using BatchInference.Emulator;
using BatchInference.Storage.Local;
using Spectre.Console;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-ins for Azure and the providers: Azurite (reused when something already listens on the default
/// blob port, otherwise started from node_modules in a temp folder, as <see cref="LocalStorageMode"/> says) and, when
/// the command sends requests, the provider emulator on a free port. Whatever was started here is stopped on dispose.
/// </summary>
internal sealed class LocalParts : IAsyncDisposable
{
    /// <summary>Azurite's default blob port; the queue and table services follow on the next two.</summary>
    public const int DefaultBlobPort = 10000;

    private LocalParts(AzuriteInstance? azurite, string storageConnectionString, EmulatorServer? emulator)
    {
        Azurite = azurite;
        StorageConnectionString = storageConnectionString;
        Emulator = emulator;
    }

    /// <summary>The Azurite this process started, or null when an existing one was reused.</summary>
    public AzuriteInstance? Azurite { get; }

    public string StorageConnectionString { get; }

    /// <summary>The provider emulator, or null when the command sends no requests.</summary>
    public EmulatorServer? Emulator { get; }

    public Uri? OpenAIEndpoint => Emulator is null ? null : new(Emulator.BaseAddress, "v1");

    /// <param name="storage">What to do when no Azurite listens on 127.0.0.1:10000.</param>
    /// <param name="emulatorOptions">Settings of the provider emulator to start; null starts none.</param>
    /// <param name="console">Where to say what was reused or started.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="UsageException">Nothing listens on 10000 and <paramref name="storage"/> is <see cref="LocalStorageMode.ReuseOnly"/>.</exception>
    public static async Task<LocalParts> StartAsync(
        LocalStorageMode storage, EmulatorOptions? emulatorOptions, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        AzuriteInstance? azurite = null;
        string connection;
        if (await AzuriteLauncher.IsListeningAsync("127.0.0.1", DefaultBlobPort, cancellationToken))
        {
            connection = "UseDevelopmentStorage=true";
            console.MarkupLine("Storage:  reusing the Azurite already listening on [green]127.0.0.1:10000[/]");
        }
        else if (storage == LocalStorageMode.ReuseOnly)
        {
            throw new UsageException(
                "--local needs an Azurite on 127.0.0.1:10000 and none is listening. Start one with `bi worker --local` " +
                "(it starts Azurite on the default ports) or `npx azurite`, or drop --local and set Storage__ConnectionString.");
        }
        else
        {
            // No Location: the launcher makes a temp folder and deletes it on dispose, so no prompts stay on disk.
            var shared = storage == LocalStorageMode.StartShared;
            azurite = await AzuriteLauncher.StartAsync(
                new AzuriteLaunchOptions
                {
                    NodeModulesPath = Path.Combine(RepoRoot.Find(), "node_modules"),
                    InMemoryPersistence = false,
                    BlobPort = shared ? DefaultBlobPort : null,
                    QueuePort = shared ? DefaultBlobPort + 1 : null,
                    TablePort = shared ? DefaultBlobPort + 2 : null,
                },
                cancellationToken);
            connection = azurite.ConnectionString;
            console.MarkupLineInterpolated($"Storage:  started Azurite at [green]{azurite.BlobEndpoint}[/] (data in {azurite.Location}, removed on exit)");
        }

        try
        {
            EmulatorServer? emulator = null;
            if (emulatorOptions is not null)
            {
                emulator = await EmulatorServer.StartAsync(emulatorOptions, cancellationToken);
                console.MarkupLineInterpolated($"Provider: started the provider emulator at [green]{emulator.BaseAddress}v1[/]");
            }

            return new LocalParts(azurite, connection, emulator);
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
