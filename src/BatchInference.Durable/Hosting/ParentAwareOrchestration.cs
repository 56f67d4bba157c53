using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// Creates an orchestrator's shim when its episode starts executing, so that the shim knows the parent orchestration of
/// a sub-orchestration (<c>TaskOrchestrationContext.Parent</c>). The framework creates orchestration objects by
/// name before it knows which instance they run, so the parent travels from <see cref="Track"/>, a dispatcher
/// middleware that sees the instance's runtime state, through an async-local to the episode's execution.
/// </summary>
internal sealed class ParentAwareOrchestration(Func<ParentOrchestrationInstance?, TaskOrchestration> create) : TaskOrchestration
{
    private static readonly AsyncLocal<ParentOrchestrationInstance?> EpisodeParent = new();
    private TaskOrchestration? _shim;

    /// <summary>The dispatcher middleware that records the parent of the episode about to run.</summary>
    public static async Task Track(DispatchMiddlewareContext context, Func<Task> next)
    {
        var parent = context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance;
        EpisodeParent.Value = parent is null ? null : new ParentOrchestrationInstance(parent.Name, parent.OrchestrationInstance.InstanceId);
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            EpisodeParent.Value = null;
        }
    }

    public override Task<string> Execute(OrchestrationContext context, string input)
    {
        _shim = create(EpisodeParent.Value);
        return _shim.Execute(context, input);
    }

    // The framework raises events and reads the status only after Execute has started the episode.
    public override void RaiseEvent(OrchestrationContext context, string name, string input) =>
        (_shim ?? throw new InvalidOperationException("An event arrived before the orchestration started executing.")).RaiseEvent(context, name, input);

    public override string GetStatus() => _shim?.GetStatus()!;
}
