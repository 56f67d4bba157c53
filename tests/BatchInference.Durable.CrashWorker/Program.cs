using BatchInference.Durable.CrashWorker;
using BatchInference.Durable.Hosting;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask;

// Usage: BatchInference.Durable.CrashWorker <task hub> <marker file>, with the storage connection string in
// Storage__ConnectionString (never on the command line). Runs until killed.
// Or: BatchInference.Durable.CrashWorker engine <activity>: the engine's own tasks, configured by environment variables
// like `bi worker`, killing itself when <activity> starts (EngineCrashWorker).
if (args is ["engine", var dieIn])
{
    return await EngineCrashWorker.RunAsync(dieIn);
}

if (args.Length != 2 || Environment.GetEnvironmentVariable("Storage__ConnectionString") is not { Length: > 0 } connectionString)
{
    await Console.Error.WriteLineAsync("Usage: BatchInference.Durable.CrashWorker <task hub> <marker file> (Storage__ConnectionString set)");
    return 2;
}

var options = new DurableTaskHubOptions
{
    TaskHubName = args[0],
    PartitionCount = 2,
    MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
    WorkItemVisibilityTimeout = DurableTaskHubOptions.MinimumVisibilityTimeout,
    ControlQueueVisibilityTimeout = DurableTaskHubOptions.MinimumVisibilityTimeout,
};
var marker = args[1];
await using var worker = new DurableWorkerHost(
    StorageAccount.FromConnectionString(connectionString),
    options,
    new Dictionary<TaskName, Func<ITaskOrchestrator>> { [CrashOrchestrator.Name] = () => new CrashOrchestrator() },
    new Dictionary<TaskName, Func<ITaskActivity>> { [CrashOrchestrator.ActivityName] = () => new HangingActivity(marker) });
await worker.StartAsync();
Console.WriteLine("started");
await Task.Delay(Timeout.Infinite);
return 0;
