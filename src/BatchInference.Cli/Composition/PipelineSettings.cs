using BatchInference.Cli.Local;
using BatchInference.Emulator;
using BatchInference.Orchestrations.Engine;
using BatchInference.Workers;

namespace BatchInference.Cli.Composition;

/// <summary>What a command needs from the pipeline beyond configuration.</summary>
internal sealed record PipelineSettings
{
    /// <summary>Use local parts (<c>--local</c>) instead of the configured storage and provider.</summary>
    public bool Local { get; init; }

    /// <summary>With <see cref="Local"/>: what to do when no Azurite listens on the default port.</summary>
    public LocalStorageMode LocalStorage { get; init; } = LocalStorageMode.ReuseOnly;

    /// <summary>With <see cref="Local"/>: the provider emulator to start; null for commands that send no requests.</summary>
    public EmulatorOptions? LocalEmulator { get; init; }

    /// <summary>
    /// Use a queue of this invocation's own (<c>bi-run-&lt;random&gt;</c>, deleted on dispose) instead of
    /// <c>Engine:QueueName</c>, so that leftovers of an earlier run on the same storage are never picked up.
    /// </summary>
    public bool PrivateQueue { get; init; }

    /// <summary>Changes to the engine settings after they are bound from configuration (command-line flags).</summary>
    public Action<EngineOptions>? ConfigureEngine { get; init; }

    /// <summary>Changes to the worker settings after they are bound from configuration (command-line flags).</summary>
    public Action<WorkerOptions>? ConfigureWorker { get; init; }
}
