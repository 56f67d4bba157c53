using BatchInference.Cli.Local;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using BatchInference.Orchestrations.Engine;

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
    /// Use a task hub of this invocation's own (<c>birun&lt;random&gt;</c>, deleted on dispose) instead of
    /// <c>Durable:TaskHubName</c>, so that leftovers of an earlier run on the same storage are never picked up and no
    /// other worker takes this invocation's work.
    /// </summary>
    public bool PrivateTaskHub { get; init; }

    /// <summary>Changes to the engine settings after they are bound from configuration (command-line flags).</summary>
    public Action<EngineOptions>? ConfigureEngine { get; init; }

    /// <summary>Changes to the task hub settings after they are read from configuration (command-line flags).</summary>
    public Action<DurableTaskHubOptions>? ConfigureDurable { get; init; }
}
