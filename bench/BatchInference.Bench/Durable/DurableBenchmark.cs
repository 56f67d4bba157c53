using System.Diagnostics;
using System.Globalization;
using BatchInference.Bench.Tiers;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask.Client;

namespace BatchInference.Bench.Durable;

/// <summary>
/// The local Durable Task host's overhead on its own Azurite: trivial activities per second in one fan-out (the default
/// settings, one worker or several in this process), and the history one fan-out leaves (rows and bytes in the History
/// table). An absolute figure for sizing activities, not a ratio: there is no baseline engine to compare with.
/// </summary>
internal sealed class DurableBenchmark : IBenchmark
{
    public string Name => "durable";

    public string Description => "trivial activities/s in one fan-out and the history of a fan-out [--activities 1000] [--history-activities 200] [--workers 1] [--rounds 2]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var activities = arguments.GetInt32("activities", 1000);
        var historyActivities = arguments.GetInt32("history-activities", 200);
        var workers = arguments.GetInt32("workers", 1);
        var rounds = arguments.GetInt32("rounds", 2);
        await using var storage = await BenchStorage.StartAsync(cancellationToken);
        var account = StorageAccount.FromConnectionString(storage.ConnectionString);
        var options = new DurableTaskHubOptions { TaskHubName = "benchdurable" };
        var hosts = new List<DurableWorkerHost>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                var host = new DurableWorkerHost(account, options, BenchFanOut.Orchestrators, BenchFanOut.Activities);
                hosts.Add(host);
                await host.StartAsync(cancellationToken);
            }

            await using var client = new TaskHubDurableTaskClient(account, options);
            await RunFanOutAsync(client, 20, cancellationToken); // warm-up: leases, queues, JIT
            Console.WriteLine($"Durable Task host, {workers} worker(s), {Environment.ProcessorCount} cores, defaults (activities {options.MaxConcurrentActivities}, orchestrations {options.MaxConcurrentOrchestrations}, partitions {options.PartitionCount})");
            for (var round = 1; round <= rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                await RunFanOutAsync(client, activities, cancellationToken);
                watch.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {activities} trivial activities in {watch.Elapsed.TotalSeconds:F1} s = {activities / watch.Elapsed.TotalSeconds:F1} activities/s"));
            }

            var id = await RunFanOutAsync(client, historyActivities, cancellationToken);
            var history = await TaskHubHistory.MeasureAsync(storage.ConnectionString, options.TaskHubName, id, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"history of a {historyActivities}-activity fan-out: {history.Rows} rows, {history.Bytes / 1024.0:F1} KiB of property data ({history.Bytes / Math.Max(1, history.Rows)} B/row)"));
            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static async Task<string> RunFanOutAsync(DurableTaskClient client, int count, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(BenchFanOut.Name, count, cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed && done.ReadOutputAs<int>() == count
            ? id
            : throw new InvalidOperationException($"The fan-out ended {done.RuntimeStatus}: {done.FailureDetails}");
    }
}
