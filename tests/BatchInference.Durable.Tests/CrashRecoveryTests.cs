using System.Diagnostics;
using BatchInference.Durable.CrashWorker;
using BatchInference.Durable.Hosting;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Durable.Tests;

[Collection(AzuriteFixture.CollectionName)]
public sealed class CrashRecoveryTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task WorkerKilledWithAnActivityInFlight_AnotherWorkerRunsItAgainAndCompletesTheOrchestration()
    {
        await using var hub = new TaskHubScope(azurite, options =>
        {
            options.WorkItemVisibilityTimeout = DurableTaskHubOptions.MinimumVisibilityTimeout;
            options.ControlQueueVisibilityTimeout = DurableTaskHubOptions.MinimumVisibilityTimeout;
        });
        var marker = Path.Combine(Path.GetTempPath(), $"bi-crash-{Guid.NewGuid():N}.txt");
        try
        {
            var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(CrashOrchestrator.Name, "payload");
            using (var crashing = StartCrashWorker(hub.Options.TaskHubName, marker))
            {
                try
                {
                    await Poll.UntilAsync(() => Task.FromResult(File.Exists(marker) || crashing.HasExited), "the worker process starting the activity", Bound, TimeSpan.FromMilliseconds(100));
                    Assert.False(crashing.HasExited, "the worker process exited on its own");

                    // The activity message is sent before the episode that scheduled it is committed: a kill in between
                    // replays the episode elsewhere and schedules the activity a second time (at least once, by design).
                    // Waiting for the commit (the instance turns Running) makes the one in-flight activity the only re-run.
                    await Poll.UntilAsync(
                        async () => (await hub.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running,
                        "the episode that scheduled the activity committed", Bound, TimeSpan.FromMilliseconds(100));
                }
                finally
                {
                    crashing.Kill(entireProcessTree: true); // SIGKILL: no lease release, no message abandon
                    await crashing.WaitForExitAsync();
                }
            }

            var reruns = 0;
            await hub.StartWorkerAsync(new Dictionary<TaskName, Func<ITaskActivity>>
            {
                [CrashOrchestrator.ActivityName] = () => new DelegateActivity((_, input) =>
                {
                    Interlocked.Increment(ref reruns);
                    return Task.FromResult($"recovered {input}");
                }),
            });

            using var cancel = new CancellationTokenSource(Bound);
            var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancel.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("recovered payload", done.ReadOutputAs<string>());
            Assert.Equal(1, Volatile.Read(ref reruns));
            Assert.Equal([id], await File.ReadAllLinesAsync(marker));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    private Process StartCrashWorker(string taskHubName, string marker)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BatchInference.Durable.CrashWorker.dll"));
        start.ArgumentList.Add(taskHubName);
        start.ArgumentList.Add(marker);
        start.Environment["Storage__ConnectionString"] = azurite.ConnectionString;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");

        // Drain its output so a chatty worker never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
