using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using BatchInference.FunctionApp.Composition;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BatchInference.FunctionApp.Tests.Infrastructure;

/// <summary>
/// Stands in for the Functions host's Durable extension: every <c>[Function]</c> of the app with an
/// <c>[OrchestrationTrigger]</c> or <c>[ActivityTrigger]</c> parameter, found by reflection under its function name,
/// registered with a local <c>DurableWorkerHost</c> so that each orchestration or activity the task hub dispatches calls
/// that function method on a fresh instance of its class (as the Functions worker activates one per invocation). The
/// orchestrator gets the worker's <see cref="TaskOrchestrationContext"/>; the activity gets its input as JSON and the
/// instance id, as the trigger binds them.
/// </summary>
internal sealed class FunctionDispatch(AppHarness app)
{
    private readonly AppHarness app = app;

    private static readonly MethodInfo[] FunctionMethods =
    [
        .. typeof(JobEngines).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null),
    ];

    /// <summary>Every function name dispatched so far, in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The app's orchestration functions by function name.</summary>
    public Dictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators() =>
        Triggered<OrchestrationTriggerAttribute>().ToDictionary(
            f => new TaskName(f.Name), f => (Func<ITaskOrchestrator>)(() => new Orchestrator(this, f.Name, f.Method)));

    /// <summary>The app's activity functions by function name.</summary>
    public Dictionary<TaskName, Func<ITaskActivity>> Activities() =>
        Triggered<ActivityTriggerAttribute>().ToDictionary(
            f => new TaskName(f.Name), f => (Func<ITaskActivity>)(() => new Activity(this, f.Name, f.Method)));

    private static IEnumerable<(string Name, MethodInfo Method)> Triggered<TTrigger>()
        where TTrigger : Attribute =>
        FunctionMethods
            .Where(method => method.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(method => (method.GetCustomAttribute<FunctionAttribute>()!.Name, method));

    private async Task<object?> InvokeAsync(string name, MethodInfo method, object?[] arguments)
    {
        Calls.Enqueue(name);
        var function = app.Create(method.DeclaringType!);
        return await (Task<object?>)method.Invoke(function, arguments)!;
    }

    private sealed class Orchestrator(FunctionDispatch dispatch, string name, MethodInfo method) : ITaskOrchestrator
    {
        // The local shim hands GetInput<T>() the input it deserialized with this type (a cast, not a conversion), where
        // the extension converts to whatever T the function asks for: the engine's orchestrator declares the type.
        public Type InputType => dispatch.app.Engines.Orchestrators[name]().InputType;

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => dispatch.InvokeAsync(name, method, [context]);
    }

    private sealed class Activity(FunctionDispatch dispatch, string name, MethodInfo method) : ITaskActivity
    {
        public Type InputType => typeof(JsonElement);

        public Type OutputType => typeof(object);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            dispatch.InvokeAsync(name, method, [.. method.GetParameters().Select(p =>
                p.GetCustomAttribute<ActivityTriggerAttribute>() is not null ? input
                : p.Name == "instanceId" ? context.InstanceId
                : throw new InvalidOperationException($"{name}: no binding for parameter {p.Name}"))]);
    }
}
