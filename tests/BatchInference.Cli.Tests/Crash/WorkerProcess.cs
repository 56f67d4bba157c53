using System.Diagnostics;
using BatchInference.Cli.Tests.Commands;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Crash;

/// <summary>
/// A worker process, <c>bi worker</c> (a Durable Task worker on the task hub), configured only through environment
/// variables (as a container would configure it), which a test can kill with SIGKILL at any moment.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private WorkerProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <c>bi</c> with <paramref name="arguments"/>.</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartDll(BiProcess.DllPath, environment, arguments);

    /// <summary>Starts the crash worker's engine, killing itself when <paramref name="dieIn"/> starts (EngineCrashWorker).</summary>
    public static WorkerProcess StartEngineDyingIn(IReadOnlyDictionary<string, string> environment, string dieIn) =>
        StartDll(Path.Combine(AppContext.BaseDirectory, "BatchInference.Durable.CrashWorker.dll"), environment, "engine", dieIn);

    private static WorkerProcess StartDll(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsPipelineSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["BI_REPO_ROOT"] = RepoPaths.Root;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.StandardInput.Close();
        return new WorkerProcess(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to end by itself and returns what it wrote.</summary>
    public async Task<string> WaitForExitAsync(TimeSpan bound)
    {
        await _process.WaitForExitAsync().WaitAsync(bound);
        return await _stdout + await _stderr;
    }

    /// <summary>SIGKILL: no cleanup, no lease release, no message abandon — a crash.</summary>
    public async Task<string> KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        return await _stdout + await _stderr;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static bool IsPipelineSetting(string name) =>
        new[] { "Storage", "Providers__", "Jobs__", "Engine__", "Worker__", "Pricing__", "Emulator__", "Dispatcher__", "Durable__", "Startup__", "ServiceBus", "NightlySchedule", "AzureWebJobsStorage" }
            .Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
