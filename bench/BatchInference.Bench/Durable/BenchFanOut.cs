using Microsoft.DurableTask;

namespace BatchInference.Bench.Durable;

/// <summary>A fan-out of n trivial activities that returns how many answered.</summary>
internal sealed class BenchFanOut : TaskOrchestrator<int, int>
{
    public const string Name = "BenchFanOut";

    private const string ActivityName = "BenchTrivial";

    public static IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators { get; } =
        new Dictionary<TaskName, Func<ITaskOrchestrator>> { [Name] = () => new BenchFanOut() };

    public static IReadOnlyDictionary<TaskName, Func<ITaskActivity>> Activities { get; } =
        new Dictionary<TaskName, Func<ITaskActivity>> { [ActivityName] = () => new Trivial() };

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(ActivityName, i)));
        return answers.Length;
    }

    private sealed class Trivial : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }
}
