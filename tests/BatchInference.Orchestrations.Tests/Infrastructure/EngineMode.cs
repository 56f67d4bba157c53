namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>Which engine an <see cref="EngineHarness"/> runs jobs on.</summary>
public enum EngineMode
{
    /// <summary>The queue engine: <c>WorkerHost</c>s running the engine's message handler.</summary>
    Queue,

    /// <summary>The engine on Durable Task: <c>DurableWorkerHost</c>s on a task hub of the harness's own.</summary>
    Durable,
}
