using BatchInference.Emulator;
using BatchInference.Storage.Local;
using Spectre.Console;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-ins for Azure and the providers: Azurite (reused when something already listens on the default
/// blob port, otherwise started from node_modules in a temp folder) and the provider emulator on a free port.
/// Whatever was started here is stopped on dispose.
/// </summary>
internal sealed class LocalParts : IAsyncDisposable
{
    private const int DefaultBlobPort = 10000;

    private LocalParts(AzuriteInstance? azurite, string storageConnectionString, EmulatorServer emulator)
    {
        Azurite = azurite;
        StorageConnectionString = storageConnectionString;
        Emulator = emulator;
    }

    /// <summary>The Azurite this process started, or null when an existing one was reused.</summary>
    public AzuriteInstance? Azurite { get; }

    public string StorageConnectionString { get; }

    public EmulatorServer Emulator { get; }

    public Uri OpenAIEndpoint => new(Emulator.BaseAddress, "v1");

    public static async Task<LocalParts> StartAsync(EmulatorOptions emulatorOptions, IAnsiConsole console, CancellationToken cancellationToken)
    {
        AzuriteInstance? azurite = null;
        string connection;
        if (await AzuriteLauncher.IsListeningAsync("127.0.0.1", DefaultBlobPort, cancellationToken))
        {
            connection = "UseDevelopmentStorage=true";
            console.MarkupLine("Storage:  reusing the Azurite already listening on [green]127.0.0.1:10000[/]");
        }
        else
        {
            // No Location: the launcher makes a temp folder and deletes it on dispose, so no prompts stay on disk.
            azurite = await AzuriteLauncher.StartAsync(
                new AzuriteLaunchOptions
                {
                    NodeModulesPath = Path.Combine(RepoRoot.Find(), "node_modules"),
                    InMemoryPersistence = false,
                },
                cancellationToken);
            connection = azurite.ConnectionString;
            console.MarkupLineInterpolated($"Storage:  started Azurite at [green]{azurite.BlobEndpoint}[/] (data in {azurite.Location}, removed on exit)");
        }

        try
        {
            var emulator = await EmulatorServer.StartAsync(emulatorOptions, cancellationToken);
            console.MarkupLineInterpolated($"Provider: started the provider emulator at [green]{emulator.BaseAddress}v1[/]");
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
        await Emulator.DisposeAsync();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
