using Microsoft.DurableTask;

namespace BatchInference.Durable.CrashWorker;

/// <summary>Calls <see cref="ActivityName"/> once and returns its result.</summary>
public sealed class CrashOrchestrator : TaskOrchestrator<string, string>
{
    public const string Name = "CrashOrchestrator";

    public const string ActivityName = "CrashActivity";

    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(ActivityName, input);
}

/// <summary>Appends a line to a marker file when it starts, then never finishes: the process is killed meanwhile.</summary>
public sealed class HangingActivity(string markerPath) : TaskActivity<string, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        await File.AppendAllTextAsync(markerPath, $"{context.InstanceId}\n");
        await Task.Delay(Timeout.Infinite);
        return input;
    }
}
