using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using BatchInference.Storage.Local;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// The README's three-shell session (<c>bi worker --local</c>, <c>bi submit --local</c>, <c>bi status --local</c>) as
/// separate processes sharing one working folder (and so one <c>BI_RUNTIME_DIR</c>), and what a worker leaves behind
/// when it is stopped or killed.
/// </summary>
[Collection(LocalPartsCollection.Name)]
[UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed partial class LocalSessionTests : IDisposable
{
    private const int DefaultAzuriteBlobPort = 10000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-session-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task WorkerLocal_SubmitAndStatusInOtherProcesses_ShareItsPrivateAzuriteUntilItStops()
    {
        var input = WriteInput(6);
        await using var worker = BiProcess.Start(_work, null, "worker", "--local");
        await worker.WaitForOutputAsync("Ctrl+C stops", StartTimeout);
        var azurite = StartedAzurite().Match(Flat(worker.StandardOutput));
        Assert.True(azurite.Success, worker.StandardOutput);
        Assert.NotEqual(DefaultAzuriteBlobPort, int.Parse(azurite.Groups["port"].Value, CultureInfo.InvariantCulture));

        // Information-level logs on stderr: stdout is the job id alone, also with --local.
        var submit = await BiProcess.RunAsync(_work, Timeout, "submit", input, "--local", "--completion-window", "4h", "--log-level", "Information");
        Assert.True(submit.ExitCode == 0, submit.Describe());
        Assert.Matches(@"\Ajob_[0-9a-f]{24}\r?\n\z", submit.StandardOutput);
        var jobId = submit.StandardOutput.Trim();

        var status = await BiProcess.RunAsync(_work, Timeout, "status", jobId, "--local", "--watch");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Matches("Status │ completed │", status.FlatOutput);

        var location = azurite.Groups["location"].Value;
        Assert.All(Directory.GetFiles(location, "*", SearchOption.AllDirectories), f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & GroupOrOther));

        var stopped = await worker.StopAsync(Timeout);
        Assert.True(stopped.ExitCode == 0, stopped.Describe());
        Assert.DoesNotContain("Exception", stopped.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stopped.StandardError, StringComparison.Ordinal);
        Assert.False(IsRunning(int.Parse(azurite.Groups["pid"].Value, CultureInfo.InvariantCulture)), "Azurite outlived its worker.");
        Assert.False(Directory.Exists(location), $"The worker left Azurite's data folder {location} behind.");

        var after = await BiProcess.RunAsync(_work, Timeout, "status", jobId, "--local");
        Assert.True(after.ExitCode == 2, after.Describe());
        Assert.Contains("needs a running `bi worker --local`", after.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerLocal_KilledWithSigkill_ItsAzuriteExitsAndTheNextStartRemovesItsFolders()
    {
        await using var worker = BiProcess.Start(_work, null, "worker", "--local");
        await worker.WaitForOutputAsync("Ctrl+C stops", StartTimeout);
        var azurite = StartedAzurite().Match(Flat(worker.StandardOutput));
        Assert.True(azurite.Success, worker.StandardOutput);
        var location = azurite.Groups["location"].Value;
        var scratch = ScratchFolderOf(worker.ProcessId);
        Assert.NotNull(scratch);

        await worker.KillAsync(Timeout);

        // No timing assumed: Azurite notices its parent is gone when its stdin closes, however long that takes here.
        var azuritePid = int.Parse(azurite.Groups["pid"].Value, CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => !IsRunning(azuritePid), "the killed worker's Azurite to exit", Timeout);

        // Not asserted that the folder is still there at this point: any bi process of this user that starts meanwhile
        // (other test classes run in parallel) sweeps dead owners' folders from the shared temp folder.

        // The next bi start of this user cleans up after the dead one, and says that no worker runs.
        var next = await BiProcess.RunAsync(_work, Timeout, "jobs", "--local");
        Assert.True(next.ExitCode == 2, next.Describe());
        Assert.Contains("needs a running `bi worker --local`", next.FlatError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(location), $"Azurite's data folder {location} of the killed worker is still there.");
        Assert.False(Directory.Exists(scratch), $"The killed worker's scratch folder {scratch} is still there.");
    }

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? ScratchFolderOf(int processId) =>
        Directory.GetDirectories(Path.GetTempPath(), "bi-scratch-*").FirstOrDefault(d =>
        {
            var marker = Path.Combine(d, OwnedTempFolder.OwnerFileName);
            return File.Exists(marker) && File.ReadAllText(marker) == processId.ToString(CultureInfo.InvariantCulture);
        });

    private string WriteInput(int lines)
    {
        var path = Path.Combine(_work, "session.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(n =>
            $$$"""{"custom_id": "s{{{n}}}", "method": "POST", "url": "/v1/embeddings", "body": {"model": "text-embedding-3-small", "input": "line {{{n}}}"}}"""));
        return path;
    }

    private static string Flat(string text) => new BiProcessResult(0, text, string.Empty, string.Empty).FlatOutput;

    [GeneratedRegex(@"started Azurite at http://127\.0\.0\.1:(?<port>\d+)/\S* \(pid (?<pid>\d+), data in (?<location>[^,\s]+),")]
    private static partial Regex StartedAzurite();
}
