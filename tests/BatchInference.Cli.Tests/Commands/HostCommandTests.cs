using System.Net;
using System.Net.Sockets;

namespace BatchInference.Cli.Tests.Commands;

/// <summary><c>bi host</c> as a process: the local function app says clearly why it cannot start working.</summary>
public sealed class HostCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-host-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Host_StorageUnreachable_WarnsNamingTheEndpointAndRetriesUntilStopped()
    {
        var port = ClosedPort();
        await using var host = BiProcess.Start(_work, Settings(port), "host", "--port", "0");

        // Log lines of the embedded function app, on stderr: stdout is for what a command outputs.
        await host.WaitForErrorAsync("attempt 2 failed, trying again in 00:00:02", TimeSpan.FromSeconds(30));
        var stopped = await host.StopAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(stopped.ExitCode);
        Assert.Contains($"Storage at http://127.0.0.1:{port}/devstoreaccount1/", stopped.FlatError, StringComparison.Ordinal);
        Assert.Contains("attempt 1 failed, trying again in 00:00:01", stopped.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("attempt 1 failed", stopped.FlatOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5", stopped.FlatOutput + stopped.FlatError, StringComparison.Ordinal); // the account key
    }

    [Fact]
    public async Task Host_EngineQueueOnServiceBus_ExitsWithAUsageErrorSayingWhy()
    {
        var settings = Settings(ClosedPort());
        settings["Engine__Queue"] = "servicebus";
        settings["ServiceBus"] = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v";

        var result = await BiProcess.RunAsync(_work, TimeSpan.FromSeconds(60), settings, "host", "--port", "0");

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("plays the Storage queue trigger only", result.FlatError, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(int storagePort) => new()
    {
        ["Storage__ConnectionString"] =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:{storagePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{storagePort}/devstoreaccount1;",
        ["Providers__OpenAI__BaseUrl"] = "http://127.0.0.1:9/v1",
        ["Providers__OpenAI__ApiKey"] = "test",
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
