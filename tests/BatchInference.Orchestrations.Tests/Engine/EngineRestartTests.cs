using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Local;
using BatchInference.Testing;
using Xunit.Abstractions;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>
/// Storage going away mid-job: an Azurite that persists to disk is stopped while a job runs and started again on the
/// same ports; the workers (queue workers, or Durable workers whose task hub is on that Azurite) ride it out and the job
/// completes with every line answered once. In the Azurite collection
/// only so it does not compete for the two cores with the other storage tests; it runs its own Azurite.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineRestartTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly string _location = Directory.CreateTempSubdirectory("bi-azurite-restart-").FullName;
    private AzuriteInstance? _azurite;

    public async Task InitializeAsync() => _azurite = await StartAzuriteAsync((null, null, null));

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        Directory.Delete(_location, recursive: true);
    }

    [Fact]
    public async Task RunAsync_AzuriteStoppedAndRestartedMidJob_ResumesAndCompletes()
    {
        const int InFlightLimit = 16;
        await using var harness = await EngineHarness.StartAsync(
            _azurite!.ConnectionString,
            emulator: o => o.Latency = TimeSpan.FromMilliseconds(10),
            provider: o => o.MaxConcurrency = 4,
            engine: o =>
            {
                o.ShardMaxLines = 150;
                o.CheckpointLines = 8;
                o.InFlightLimit = InFlightLimit;
            },
            workers: 2);
        var input = new JobInputBuilder().Mixed("restart", 600);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await Poll.UntilAsync(() => harness.Emulator.RequestLog.BillableCount >= 150, "a quarter of the job to be answered", TimeSpan.FromSeconds(60));

        var ports = (_azurite.BlobPort, _azurite.QueuePort, _azurite.TablePort);
        await StopGracefullyAsync(_azurite);
        var billedWhileDown = harness.Emulator.RequestLog.BillableCount;
        _azurite = await StartAzuriteAsync(ports);
        var summary = await harness.WaitForSummaryAsync(jobId, TimeSpan.FromSeconds(120));

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(600, summary.Counts.Succeeded);
        var output = await harness.ReadOutputAsync(jobId);
        Assert.Equal(input.Successes.Select(s => s.CustomId), output.Select(o => o.CustomId));
        var ledger = await harness.ReadLedgerAsync(jobId);
        var unknown = ledger.Count(e => e.IsUnknownOutcome);
        Assert.Equal(600, ledger.Count - unknown);

        // Workers that lose their shard leases in the outage drop their unwritten results, like a crash: at most their
        // in-flight windows (two shards each, at most) are paid twice. Those calls were journaled before they went
        // out, so the ledger books each as an unknown outcome: answered ≤ billed ≤ answered + unknown.
        var billed = harness.Emulator.RequestLog.BillableCount;
        var resent = billed - 600;
        log.WriteLine($"{resent} lines re-sent after the restart (billed {billedWhileDown} when storage went down); {unknown} unknown outcomes in the ledger.");
        Assert.True(resent <= 4 * InFlightLimit, $"{resent} lines were paid twice (billed {billedWhileDown} when storage went down).");
        Assert.InRange(billed, 600, 600 + unknown);
    }

    // As a host shutting it down would: Azurite saves its database on the way out (a kill would lose the writes since
    // its last autosave, which real storage never does to acknowledged writes).
    private static async Task StopGracefullyAsync(AzuriteInstance azurite)
    {
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await azurite.StopGracefullyAsync(bound.Token);
        }

        await azurite.DisposeAsync();
    }

    // The table port too: the Durable engine's task hub keeps its instances and history in tables.
    private Task<AzuriteInstance> StartAzuriteAsync((int? Blob, int? Queue, int? Table) ports) =>
        AzuriteLauncher.StartAsync(new AzuriteLaunchOptions
        {
            NodeModulesPath = RepoPaths.NodeModules,
            InMemoryPersistence = false,
            Location = _location,
            BlobPort = ports.Blob,
            QueuePort = ports.Queue,
            TablePort = ports.Table,
        });
}
