using System.Globalization;
using System.Text.Json;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Does the job engine's memory stay flat as the job grows? Runs a small and a large generated chat job, each in a
/// fresh <c>job-memory-run</c> process (submit, one in-process worker until the summary exists), against one Azurite
/// on disk and one provider emulator in a process of its own (its request log is not the worker's memory), and prints
/// the peak RSS and throughput of both, with the ratios large ÷ small.
/// </summary>
internal sealed class JobMemoryBenchmark : IBenchmark
{
    private static readonly TimeSpan EmulatorStartTimeout = TimeSpan.FromSeconds(60);

    public string Name => "job-memory";

    public string Description =>
        "peak RSS of a job engine worker, small vs large job [--small 100000] [--large 1000000] [--timeout-minutes 40] [--checkpoint-lines N]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        int[] sizes = [arguments.GetInt32("small", 100_000), arguments.GetInt32("large", 1_000_000)];
        var timeout = TimeSpan.FromMinutes(arguments.GetInt32("timeout-minutes", 40));
        var engine = JobMemoryRun.CreateEngineOptions(arguments, spool: null);
        var workspace = Directory.CreateTempSubdirectory("bench-job-memory-").FullName;
        var runs = new List<JobMemoryResult>(sizes.Length);
        try
        {
            var spool = Directory.CreateDirectory(Path.Combine(workspace, "spool")).FullName;
            await using var azurite = await AzuriteLauncher.StartAsync(
                new AzuriteLaunchOptions
                {
                    NodeModulesPath = RepoPaths.NodeModules,
                    InMemoryPersistence = false, // a million-line input is ~500 MB
                    Location = Directory.CreateDirectory(Path.Combine(workspace, "azurite")).FullName,
                },
                cancellationToken);
            await using var emulator = BenchChildProcess.Start(JobMemoryEmulator.CommandName);
            using var emulatorStart = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            emulatorStart.CancelAfter(EmulatorStartTimeout);
            var provider = await emulator.WaitForReportAsync(JobMemoryEmulator.AddressPrefix, emulatorStart.Token);
            Console.Error.WriteLine($"Azurite at {azurite.BlobEndpoint} (data in {azurite.Location}); emulator (process {emulator.Id}) at {provider}");

            foreach (var lines in sizes)
            {
                runs.Add(await RunChildAsync(lines, azurite.ConnectionString, provider, spool, engine, timeout, cancellationToken));
            }

            JobMemoryReport.Print(runs, engine);
            return runs.TrueForAll(r => r.Complete) ? 0 : 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or JsonException)
        {
            Console.Error.WriteLine(ex.Message);
            if (runs.Count > 0)
            {
                // What finished is still a measurement; the ratios need both sizes.
                JobMemoryReport.Print(runs, engine);
            }

            return 1;
        }
        finally
        {
            DeleteWorkspace(workspace);
        }
    }

    private static async Task<JobMemoryResult> RunChildAsync(
        int lines, string storage, string provider, string spool, EngineOptions engine, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Running {lines:N0} lines in a fresh process (limit {timeout.TotalMinutes:F0} min)…");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        await using var child = BenchChildProcess.Start(
            JobMemoryRun.CommandName,
            "--lines", lines.ToString(CultureInfo.InvariantCulture), "--storage", storage, "--provider", provider, "--spool", spool,
            "--checkpoint-lines", engine.CheckpointLines.ToString(CultureInfo.InvariantCulture));
        try
        {
            var json = await child.WaitForReportAsync(JobMemoryResult.LinePrefix, limit.Token);
            return JsonSerializer.Deserialize(json, JobMemoryJsonContext.Default.JobMemoryResult)
                ?? throw new JsonException("The child reported null.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {lines:N0}-line run did not finish within {timeout.TotalMinutes:F0} minutes; it was stopped. Try smaller sizes.");
        }
    }

    private static void DeleteWorkspace(string workspace)
    {
        try
        {
            Directory.Delete(workspace, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not remove {workspace}: {ex.Message}");
        }
    }
}
