using System.Globalization;
using System.Text.Json;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Does the job engine's memory stay flat as the job grows, and how does it compare with another build? Runs generated
/// chat jobs of each size, each in a fresh <c>job-memory-run</c> process (submit, one in-process worker until the
/// summary exists), against one Azurite on disk and one provider emulator in a process of its own (its request log is
/// not the worker's memory), and prints peak RSS, heap, phase times and throughput of every run, the ratios largest ÷
/// smallest size, and on Durable Task the orchestration overhead. With <c>--baseline</c>, another build's bench app
/// runs the same sizes in the same run, alternating with this one, and the ratios this ÷ baseline are printed.
/// </summary>
internal sealed class JobMemoryBenchmark : IBenchmark
{
    private static readonly TimeSpan EmulatorStartTimeout = TimeSpan.FromSeconds(60);

    public string Name => "job-memory";

    public string Description =>
        "peak RSS and lines/s of a job engine worker by job size [--small 100000] [--large 1000000] [--sizes 20000,100000,...] " +
        "[--baseline <other build's BatchInference.Bench.dll>] [--rounds 1] [--timeout-minutes 40] [--checkpoint-lines N] [--slice-lines N] [--slice-seconds N] [--durable-activities N]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var sizes = Sizes(arguments);
        var timeout = TimeSpan.FromMinutes(arguments.GetInt32("timeout-minutes", 40));
        var engine = JobMemoryRun.CreateEngineOptions(arguments, spool: null);
        var baseline = arguments.GetString("baseline", string.Empty);
        if (baseline.Length > 0 && !File.Exists(baseline))
        {
            throw new ArgumentException($"--baseline '{baseline}' is not a file: give another build's BatchInference.Bench.dll.");
        }

        var rounds = arguments.GetInt32("rounds", 1);
        List<string> ownOptions = [];
        if (JobMemoryRun.MaxActivities(arguments) is { } activities)
        {
            ownOptions.AddRange(["--durable-activities", activities.ToString(CultureInfo.InvariantCulture)]);
        }

        if (arguments.GetInt32("slice-seconds", 0, min: 0) is > 0 and var seconds)
        {
            ownOptions.AddRange(["--slice-seconds", seconds.ToString(CultureInfo.InvariantCulture)]); // a baseline build may not know it
        }

        var workspace = Directory.CreateTempSubdirectory("bench-job-memory-").FullName;
        var runs = new List<JobMemoryRunOf>();
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

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var lines in sizes)
                {
                    // The baseline first, then this build: alternating keeps a change in the machine's load from favouring one.
                    if (baseline.Length > 0)
                    {
                        var child = new ChildRun(JobMemoryRunOf.Baseline, baseline, lines, azurite.ConnectionString, provider, spool, engine, timeout);
                        runs.Add(new JobMemoryRunOf(JobMemoryRunOf.Baseline, round, await RunChildAsync(child, [], cancellationToken)));
                    }

                    var own = new ChildRun(JobMemoryRunOf.This, null, lines, azurite.ConnectionString, provider, spool, engine, timeout);
                    runs.Add(new JobMemoryRunOf(JobMemoryRunOf.This, round, await RunChildAsync(own, [.. ownOptions], cancellationToken)));
                }
            }

            JobMemoryReport.Print(runs, engine, JobMemoryRun.MaxActivities(arguments));
            return runs.TrueForAll(r => r.Result.Complete) ? 0 : 2;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or JsonException
            || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Stopped (Ctrl+C, SIGTERM) or failed: the run in progress is lost, its progress lines are on stderr.
            Console.Error.WriteLine(ex is OperationCanceledException ? "Stopped." : ex.Message);
            if (runs.Count > 0)
            {
                // What finished is still a measurement; the ratios need both sizes.
                JobMemoryReport.Print(runs, engine, JobMemoryRun.MaxActivities(arguments));
            }

            return 1;
        }
        finally
        {
            DeleteWorkspace(workspace);
        }
    }

    private static int[] Sizes(BenchArguments arguments)
    {
        var list = arguments.GetString("sizes", string.Empty);
        if (list.Length == 0)
        {
            return [arguments.GetInt32("small", 100_000), arguments.GetInt32("large", 1_000_000)];
        }

        return [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(text =>
            int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var size) && size >= 1
                ? size
                : throw new ArgumentException($"--sizes takes whole numbers >= 1 separated by commas, got '{text}'."))];
    }

    private static async Task<JobMemoryResult> RunChildAsync(ChildRun run, string[] extra, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Running {run.Lines:N0} lines on {run.Build} in a fresh process (limit {run.Timeout.TotalMinutes:F0} min)…");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(run.Timeout);
        string[] arguments =
        [
            "--lines", run.Lines.ToString(CultureInfo.InvariantCulture), "--storage", run.Storage, "--provider", run.Provider, "--spool", run.Spool,
            "--checkpoint-lines", run.Engine.CheckpointLines.ToString(CultureInfo.InvariantCulture),
            "--slice-lines", run.Engine.SliceMaxLines.ToString(CultureInfo.InvariantCulture), .. extra,
        ];
        await using var child = BenchChildProcess.Start(run.App, JobMemoryRun.CommandName, arguments);
        try
        {
            var json = await child.WaitForReportAsync(JobMemoryResult.LinePrefix, limit.Token);
            return JsonSerializer.Deserialize(json, JobMemoryJsonContext.Default.JobMemoryResult)
                ?? throw new JsonException("The child reported null.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The {run.Lines:N0}-line run on {run.Build} did not finish within {run.Timeout.TotalMinutes:F0} minutes; it was stopped. Try smaller sizes.");
        }
    }

    // One child run: which build (its app, or null for this one), the size, and what it connects to.
    private sealed record ChildRun(
        string Build, string? App, int Lines, string Storage, string Provider, string Spool, EngineOptions Engine, TimeSpan Timeout);

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
