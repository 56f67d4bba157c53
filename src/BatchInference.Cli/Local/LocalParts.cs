using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Storage.Local;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Local;

/// <summary>
/// The local stand-ins for Azure and the providers: storage as <see cref="LocalStorageMode"/> says (the configured
/// <c>Storage:ConnectionString</c> when one is set; else an Azurite of this command's own on free ports, started from
/// node_modules in a private temp folder, or the one a <c>bi worker --local</c> of this user publishes) and, when the
/// command sends requests, the provider emulator on a free port. Whatever was started here is stopped on dispose.
/// </summary>
internal sealed class LocalParts : IAsyncDisposable
{
    private readonly LocalSession? _published;

    private LocalParts(AzuriteInstance? azurite, string storageConnectionString, EmulatorServer? emulator, LocalSession? published)
    {
        Azurite = azurite;
        StorageConnectionString = storageConnectionString;
        Emulator = emulator;
        _published = published;
    }

    /// <summary>The Azurite this process started, or null when it uses a configured or shared storage.</summary>
    public AzuriteInstance? Azurite { get; }

    public string StorageConnectionString { get; }

    /// <summary>The provider emulator, or null when the command sends no requests.</summary>
    public EmulatorServer? Emulator { get; }

    public Uri? OpenAIEndpoint => Emulator is null ? null : new(Emulator.BaseAddress, "v1");

    /// <param name="storage">Where the storage comes from when none is configured.</param>
    /// <param name="configuration">The command's settings: an explicit <c>Storage:ConnectionString</c> wins.</param>
    /// <param name="emulatorOptions">Settings of the provider emulator to start; null starts none.</param>
    /// <param name="console">Where to say what was used or started.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="UsageException"><paramref name="storage"/> is <see cref="LocalStorageMode.ReuseOnly"/> and no session runs.</exception>
    public static async Task<LocalParts> StartAsync(
        LocalStorageMode storage, IConfiguration configuration, EmulatorOptions? emulatorOptions, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        AzuriteInstance? azurite = null;
        LocalSession? published = null;
        string connection;
        if (ConfiguredStorage(configuration) is { } configured)
        {
            connection = configured;
            console.MarkupLine("Storage:  the configured Storage:ConnectionString");
        }
        else if (storage != LocalStorageMode.StartPrivate && LocalSession.TryRead() is { } session)
        {
            connection = session.ConnectionString;
            console.MarkupLineInterpolated($"Storage:  the Azurite of [green]bi (pid {session.ProcessId})[/] published in {RuntimeDirectory.Path}");
        }
        else if (storage == LocalStorageMode.ReuseOnly)
        {
            throw new UsageException(
                $"--local needs a running `bi worker --local` of yours to reach its storage, and none runs (nothing in {RuntimeDirectory.Path}). " +
                "Start one in another shell, or set Storage__ConnectionString (e.g. UseDevelopmentStorage=true for an Azurite you run yourself).");
        }
        else
        {
            azurite = await StartAzuriteAsync(cancellationToken);
            connection = azurite.ConnectionString;
            console.MarkupLineInterpolated(
                $"Storage:  started Azurite at [green]{azurite.BlobEndpoint}[/] (pid {azurite.ProcessId.ToString(CultureInfo.InvariantCulture)}, data in {azurite.Location}, removed on exit)");
        }

        try
        {
            if (azurite is not null && storage == LocalStorageMode.StartShared)
            {
                published = LocalSession.Publish(connection);
                console.MarkupLineInterpolated($"          published for `bi … --local` in other shells of this user ({RuntimeDirectory.Path})");
            }

            EmulatorServer? emulator = null;
            if (emulatorOptions is not null)
            {
                emulator = await EmulatorServer.StartAsync(emulatorOptions, cancellationToken);
                console.MarkupLineInterpolated($"Provider: started the provider emulator at [green]{emulator.BaseAddress}v1[/]");
            }

            return new LocalParts(azurite, connection, emulator, published);
        }
        catch
        {
            published?.Dispose();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Stops the emulator, withdraws the published session, then stops Azurite.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        _published?.Dispose();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }

    private static string? ConfiguredStorage(IConfiguration configuration) =>
        configuration["Storage:ConnectionString"] is { Length: > 0 } connection ? connection
        : configuration["Storage"] is { Length: > 0 } shorthand ? shorthand
        : null;

    // On disk in a private temp folder (0700, files 0600, removed on exit or at the next start after a crash), on free
    // ports: never an Azurite someone else started on the default ports.
    private static async Task<AzuriteInstance> StartAzuriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AzuriteLauncher.StartAsync(
                new AzuriteLaunchOptions { NodeModulesPath = Path.Combine(RepoRoot.Find(), "node_modules"), InMemoryPersistence = false },
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }
}
