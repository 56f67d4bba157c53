using System.Net;
using System.Net.Sockets;
using BatchInference.Functions.Hosting;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Storage.Clients;
using BatchInference.Storage.Local;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Tests.Hosting;

/// <summary>
/// The handler pointed at storage that is not there (closed ports): it listens at once, logs a warning naming the
/// endpoint per failed attempt, backs off on the clock, and becomes ready when storage appears.
/// </summary>
public sealed class StorageReadinessTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly int _blobPort = ClosedPort();
    private readonly int _queuePort = ClosedPort();
    private ILoggerFactory _loggers = null!;
    private FunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = $"DefaultEndpointsProtocol=http;AccountName={StorageAccount.DevelopmentAccountName};AccountKey={StorageAccount.DevelopmentAccountKey};"
                + $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;",
            ["Engine:QueueName"] = "readiness-work",
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        }).Build();
        _host = await FunctionsHost.StartAsync(configuration, 0, _loggers, _clock, embedded: true).WaitAsync(Poll.HangGuard);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task Start_StorageUnreachable_LogsAWarningNamingTheEndpointAndWaitsOnTheClock()
    {
        await WaitForFailedAttemptsAsync(1);

        var warning = Assert.Single(_logs.Lines, l => l.EventId.Id == 9004);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"http://127.0.0.1:{_blobPort}/devstoreaccount1", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"queues http://127.0.0.1:{_queuePort}/devstoreaccount1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("trying again in 00:00:01", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StorageAccount.DevelopmentAccountKey, warning.Message, StringComparison.Ordinal);
        Assert.False(_host.WaitUntilReadyAsync().IsCompleted);
        Assert.Equal(1, _host.Readiness.FailedAttempts); // no second attempt until the clock moves
    }

    [Fact]
    public async Task Start_StorageComesUpLater_BacksOffExponentiallyThenBecomesReady()
    {
        await WaitForFailedAttemptsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForFailedAttemptsAsync(2);
        Assert.Contains("next in 2 s", _host.Readiness.NotReadyReason, StringComparison.Ordinal);

        await using var azurite = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions
        {
            NodeModulesPath = RepoPaths.NodeModules, BlobPort = _blobPort, QueuePort = _queuePort, TablePort = ClosedPort(),
        });
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(2, _host.Readiness.FailedAttempts); // the back-off is 2 s now
        _clock.Advance(TimeSpan.FromSeconds(0.1));

        await _host.WaitUntilReadyAsync().WaitAsync(Poll.HangGuard);
        Assert.Null(_host.Readiness.NotReadyReason);
        Assert.Contains(_logs.Lines, l => l.EventId.Id == 9005 && l.Message.Contains("after 2 failed attempt(s)", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("health", UriKind.Relative))).StatusCode);
        // The start-up created the work queue (creating it again finds it there).
        Assert.False(await Storage.Queues.StorageQueueClient.FromConnectionString(azurite.ConnectionString, "readiness-work").CreateIfNotExistsAsync());
    }

    private Task WaitForFailedAttemptsAsync(int attempts) =>
        Poll.UntilAsync(
            () => _host.Readiness.FailedAttempts >= attempts && _clock.PendingTimers > 0,
            $"{attempts} failed start-up attempt(s) and a back-off wait", TimeSpan.FromSeconds(20));

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
