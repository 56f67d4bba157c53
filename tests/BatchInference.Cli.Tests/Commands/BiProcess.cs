using System.Diagnostics;
using System.Text;
using BatchInference.Cli.Composition;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// Runs the built <c>bi.dll</c> (copied next to this test assembly by the project reference) as a real process, the
/// way the root <c>bi</c> script does: <c>dotnet bi.dll …</c> with <c>BI_REPO_ROOT</c> set, in a given working folder.
/// </summary>
internal static class BiProcess
{
    // Settings a developer's shell might carry that would point the CLI somewhere other than the parts a test gives it.
    private static readonly string[] IsolatedPrefixes = ["Storage__", "Storage", "Providers__", "Jobs__", "Pricing__", "Emulator__", "Engine__", "Worker__"];

    public static string DllPath { get; } = typeof(SidecarSettings).Assembly.Location;

    /// <summary>Runs bi with <paramref name="arguments"/>; on timeout the whole process tree is killed.</summary>
    public static Task<BiProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(workingDirectory, timeout, environment: null, arguments);

    /// <summary>Runs bi with <paramref name="environment"/> added to a clean environment; on timeout the process tree is killed.</summary>
    public static async Task<BiProcessResult> RunAsync(
        string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await using var process = Start(workingDirectory, environment, arguments);
        return await process.WaitForExitAsync(timeout);
    }

    /// <summary>Starts bi and returns at once; the caller stops it (<see cref="RunningBi.StopAsync"/>) or it is killed on dispose.</summary>
    public static RunningBi Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        Assert.True(File.Exists(DllPath), $"bi.dll not found at {DllPath}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => IsolatedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["BI_REPO_ROOT"] = RepoPaths.Root;

        // The local session file (bi worker --local publishes its storage there) of this test's bi processes alone,
        // not the developer's or another test's.
        start.Environment["BI_RUNTIME_DIR"] = Path.Combine(workingDirectory, ".bi-runtime");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new RunningBi(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."), string.Join(' ', arguments));
    }
}
