using System.Diagnostics;
using System.Threading.Channels;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Another subcommand of this bench app in a process of its own. Its stderr is shared with ours (progress shows as it
/// comes); stdout lines starting with <see cref="ReportPrefix"/> are reports for us, other lines are passed on to our
/// stderr. Disposing closes its stdin, gives it a few seconds to end, then kills it.
/// </summary>
internal sealed class BenchChildProcess : IAsyncDisposable
{
    /// <summary>Lines on a child's stdout that begin with this are meant for the parent.</summary>
    public const string ReportPrefix = "JOB-MEMORY-";

    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Channel<string> _reports = Channel.CreateUnbounded<string>();

    private BenchChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="command"/> of this bench app.</summary>
    public static BenchChildProcess Start(string command, params string[] arguments) => Start(app: null, command, arguments);

    /// <summary>
    /// Starts <paramref name="command"/> of the bench app <paramref name="app"/> (another build's
    /// <c>BatchInference.Bench.dll</c>, run with <c>dotnet</c>), or of this one when it is null.
    /// </summary>
    public static BenchChildProcess Start(string? app, string command, params string[] arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var runsOnDotnet = Path.GetFileNameWithoutExtension(self) == "dotnet";
        var info = new ProcessStartInfo(app is null || runsOnDotnet ? self : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };

        // Run as `dotnet BatchInference.Bench.dll …` the host is dotnet, which needs the app's path first.
        if (app is not null || runsOnDotnet)
        {
            info.ArgumentList.Add(app ?? typeof(BenchChildProcess).Assembly.Location);
        }

        info.ArgumentList.Add(command);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var child = new BenchChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        return child;
    }

    /// <summary>Waits for the first report line that starts with <paramref name="prefix"/> and returns the rest of it.</summary>
    /// <exception cref="InvalidOperationException">The child ended without such a line.</exception>
    public async Task<string> WaitForReportAsync(string prefix, CancellationToken cancellationToken)
    {
        await foreach (var line in _reports.Reader.ReadAllAsync(cancellationToken))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line[prefix.Length..];
            }
        }

        await _process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"Child {_process.Id} ended (exit code {_process.ExitCode}) without reporting '{prefix.Trim()}'.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(ExitGrace);
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _reports.Writer.TryComplete();
        }
        else if (line.StartsWith(ReportPrefix, StringComparison.Ordinal))
        {
            _reports.Writer.TryWrite(line);
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }
}
