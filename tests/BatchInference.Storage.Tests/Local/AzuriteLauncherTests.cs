using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Local;

[Collection(AzuriteFixture.CollectionName)]
[UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class AzuriteLauncherTests(AzuriteFixture azurite)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task StartAsync_NoAzuriteInNodeModules_FailsTellingToRunNpmCi()
    {
        var empty = Directory.CreateTempSubdirectory("no-node-modules-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = empty.FullName }));

            Assert.Contains("npm install", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_FixedPortAlreadyInUse_FailsNamingThePort()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules, BlobPort = azurite.Instance.BlobPort }));

        Assert.Contains($"Port {azurite.Instance.BlobPort} is already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NodeExitsAtOnce_FailsWithItsOutputTail()
    {
        var fakeModules = Directory.CreateTempSubdirectory("fake-azurite-");
        try
        {
            var script = Path.Combine(fakeModules.FullName, "azurite", "dist", "src", "azurite.js");
            Directory.CreateDirectory(Path.GetDirectoryName(script)!);
            await File.WriteAllTextAsync(script, "console.error('boom: cannot listen'); process.exit(3);");

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = fakeModules.FullName }));

            Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("boom: cannot listen", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            fakeModules.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_PersistedToTempLocationOnGivenPort_ServesBlobsAndDisposeStopsAndCleansUp()
    {
        var blobPort = FreePort();
        var instance = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions
        {
            NodeModulesPath = RepoPaths.NodeModules,
            BlobPort = blobPort,
            InMemoryPersistence = false,
        });
        string workspace;
        try
        {
            Assert.Equal(new Uri($"http://127.0.0.1:{blobPort}/devstoreaccount1/"), instance.BlobEndpoint);
            var store = AzureBlobStore.FromConnectionString(instance.ConnectionString);
            Assert.True(await store.CreateContainerIfNotExistsAsync("launcher"));
            Assert.True((await store.UploadAsync("launcher", "a.txt", BinaryData.FromString("persisted"))).Succeeded);
            workspace = instance.Location!;
            Assert.NotEmpty(Directory.GetFileSystemEntries(workspace, "*", SearchOption.AllDirectories));

            // The workspace holds copies of what was uploaded (prompts, responses): this user's alone.
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(workspace));
            Assert.All(Directory.GetFiles(workspace, "*", SearchOption.AllDirectories), f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & GroupOrOther));
        }
        finally
        {
            await instance.DisposeAsync();
        }

        Assert.True(instance.HasExited);
        Assert.False(await AzuriteLauncher.IsListeningAsync("127.0.0.1", blobPort));
        Assert.False(Directory.Exists(workspace));
    }

    [Fact]
    public async Task StartAsync_SigintToItsProcessGroup_KeepsServingUntilDisposed()
    {
        // Ctrl+C in a terminal reaches every process of the foreground group: Azurite must outlive the workers that
        // still use it, and stop only when its owner disposes it.
        var instance = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules });
        try
        {
            using (var interrupt = Process.Start("kill", ["-INT", instance.ProcessId.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt!.WaitForExitAsync();
            }

            var store = AzureBlobStore.FromConnectionString(instance.ConnectionString);
            Assert.True(await store.CreateContainerIfNotExistsAsync("after-sigint"));
            Assert.False(instance.HasExited);
        }
        finally
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task IsListeningAsync_RunningAzuriteAndClosedPort_TellsThemApart()
    {
        Assert.True(await AzuriteLauncher.IsListeningAsync("127.0.0.1", azurite.Instance.BlobPort));
        Assert.False(await AzuriteLauncher.IsListeningAsync("127.0.0.1", FreePort()));
    }

    [Fact]
    public void Fixture_Instance_ExposesDistinctPortsAndAMatchingConnectionString()
    {
        var instance = azurite.Instance;

        Assert.Equal(3, new[] { instance.BlobPort, instance.QueuePort, instance.TablePort }.Distinct().Count());
        Assert.Contains($"BlobEndpoint={instance.BlobEndpoint}", instance.ConnectionString, StringComparison.Ordinal);
        Assert.Contains($"QueueEndpoint={instance.QueueEndpoint}", instance.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothInMemoryAndLocation_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            new AzuriteLaunchOptions { NodeModulesPath = "x", InMemoryPersistence = true, Location = "/tmp/x" }.Validate());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
