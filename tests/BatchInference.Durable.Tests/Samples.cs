using Microsoft.DurableTask;

namespace BatchInference.Durable.Tests;

internal sealed record FanOutInput(int Count);

internal sealed record FanOutProgress(string Phase, int Sum);

internal sealed record FanOutResult(int Sum, int ChildSum, string Signal);

/// <summary>Fans out one activity per number, calls a sub-orchestration, waits on a durable timer, reports progress in
/// its custom status and waits for the external event "go".</summary>
internal sealed class FanOutOrchestrator : TaskOrchestrator<FanOutInput, FanOutResult>
{
    public override async Task<FanOutResult> RunAsync(TaskOrchestrationContext context, FanOutInput input)
    {
        context.SetCustomStatus(new FanOutProgress("fanning", 0));
        var doubled = await Task.WhenAll(Enumerable.Range(1, input.Count).Select(i => context.CallActivityAsync<int>(nameof(DoubleActivity), i)));
        var child = await context.CallSubOrchestratorAsync<int>(nameof(ChildOrchestrator), input.Count);
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
        context.SetCustomStatus(new FanOutProgress("waiting", doubled.Sum()));
        var signal = await context.WaitForExternalEvent<string>("go");
        return new FanOutResult(doubled.Sum(), child, signal);
    }
}

/// <summary>Sums 1..n through the double activity, halved.</summary>
internal sealed class ChildOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var doubled = await context.CallActivityAsync<int>(nameof(DoubleActivity), input);
        return doubled / 2 * (input + 1) / 2;
    }
}

internal sealed class DoubleActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * 2);
}

internal sealed record PlainFanOutInput(string Activity, int Count);

/// <summary>Fans out <see cref="PlainFanOutInput.Count"/> calls of an activity taking and returning a string, and
/// returns their results.</summary>
internal sealed class PlainFanOutOrchestrator : TaskOrchestrator<PlainFanOutInput, string[]>
{
    public override Task<string[]> RunAsync(TaskOrchestrationContext context, PlainFanOutInput input) =>
        Task.WhenAll(Enumerable.Range(1, input.Count).Select(i =>
            context.CallActivityAsync<string>(input.Activity, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}

/// <summary>Calls one activity named by its input and returns its result.</summary>
internal sealed class OneActivityOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => context.CallActivityAsync<string>(input, "x");
}

/// <summary>Waits for the event "go" forever: a live instance to query, terminate, suspend.</summary>
internal sealed class WaitingOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus("waiting");
        var signal = await context.WaitForExternalEvent<string>("go");
        return $"{input}:{signal}";
    }
}

internal sealed class FailingActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new InvalidOperationException($"activity refused {input}");
}

/// <summary>An activity whose body the test supplies.</summary>
internal sealed class DelegateActivity(Func<TaskActivityContext, string, Task<string>> body) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => body(context, input);
}

/// <summary>Calls <see cref="ParentEchoOrchestrator"/> as a sub-orchestration and returns what it saw, then what it
/// sees itself.</summary>
internal sealed class ParentOfOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        var child = await context.CallSubOrchestratorAsync<string>(nameof(ParentEchoOrchestrator), input);
        return $"{child}|{context.Parent?.InstanceId ?? "none"}";
    }
}

/// <summary>Returns its parent's name and instance id.</summary>
internal sealed class ParentEchoOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        Task.FromResult($"{context.Parent?.Name}/{context.Parent?.InstanceId}");
}
