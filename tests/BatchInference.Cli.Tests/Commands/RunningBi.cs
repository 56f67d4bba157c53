using System.Diagnostics;
using System.Globalization;
using System.Text;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>A bi process started by <see cref="BiProcess.Start"/>: its output so far, a graceful stop, a kill on dispose.</summary>
internal sealed class RunningBi : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _arguments;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RunningBi(Process process, string arguments)
    {
        _process = process;
        _arguments = arguments;
        _process.OutputDataReceived += (_, e) => Append(_stdout, _stdoutClosed, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, _stderrClosed, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _process.StandardInput.Close();
    }

    /// <summary>The bi process's id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kills the bi process alone with SIGKILL (what the OOM killer or <c>kill -9</c> does), leaving its children to fend for themselves.</summary>
    public async Task<BiProcessResult> KillAsync(TimeSpan timeout)
    {
        _process.Kill(entireProcessTree: false);
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>; fails if the process exits first or on timeout.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => WaitForAsync(() => StandardOutput, "print", text, timeout);

    /// <summary>Waits until stderr (log lines) contains <paramref name="text"/>; fails if the process exits first or on timeout.</summary>
    public Task WaitForErrorAsync(string text, TimeSpan timeout) => WaitForAsync(() => StandardError, "log", text, timeout);

    /// <summary>Sends SIGTERM (what Ctrl+C or a service manager sends) and waits for the process to exit.</summary>
    public async Task<BiProcessResult> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Waits for the process to exit; kills its tree on timeout (the result then has no exit code).</summary>
    public async Task<BiProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        return Snapshot(timedOut ? null : _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private BiProcessResult Snapshot(int? exitCode) => new(exitCode, StandardOutput, StandardError, _arguments);

    private Task WaitForAsync(Func<string> stream, string verb, string text, TimeSpan timeout) =>
        Poll.UntilAsync(
            () => Task.FromResult(stream().Contains(text, StringComparison.Ordinal)
                || (_process.HasExited ? throw new InvalidOperationException($"bi {_arguments} exited before it would {verb} '{text}':\n{Snapshot(null).Describe()}") : false)),
            $"bi {_arguments} to {verb} '{text}'",
            timeout,
            TimeSpan.FromMilliseconds(50));

    private static void Append(StringBuilder buffer, TaskCompletionSource closed, string? line)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
