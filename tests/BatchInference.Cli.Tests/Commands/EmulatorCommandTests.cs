using System.Diagnostics;
using System.Text;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

public sealed class EmulatorCommandTests
{
    // Regression: the embedded emulator's host used to install ConsoleLifetime, which swallowed SIGTERM/SIGINT, so
    // `bi emulator` (and Ctrl+C on `bi demo`) never stopped.
    [Fact]
    public async Task Emulator_Sigterm_ProcessExits()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(BiProcess.DllPath);
        start.ArgumentList.Add("emulator");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        start.Environment["BI_REPO_ROOT"] = RepoPaths.Root;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        try
        {
            await listening.Task.WaitAsync(Poll.HangGuard);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.HasExited);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            string seen;
            lock (output)
            {
                seen = output.ToString();
            }

            Assert.Fail($"bi emulator did not {(listening.Task.IsCompleted ? "exit on SIGTERM" : "start")}; output:\n{seen}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
