using Microsoft.Extensions.Logging;

namespace BatchInference.Storage.Local;

/// <summary>How to start a local Azurite (the Azure Storage emulator from npm).</summary>
public sealed class AzuriteLaunchOptions
{
    /// <summary>The <c>node_modules</c> folder that holds the <c>azurite</c> package (the repository's; tests pass
    /// <c>RepoPaths.NodeModules</c>). Required.</summary>
    public string NodeModulesPath { get; set; } = string.Empty;

    /// <summary>Blob service port; null picks a free one.</summary>
    public int? BlobPort { get; set; }

    /// <summary>Queue service port; null picks a free one.</summary>
    public int? QueuePort { get; set; }

    /// <summary>Table service port; null picks a free one.</summary>
    public int? TablePort { get; set; }

    /// <summary>Keep all data in memory (lost when the process ends). Default true; when false data goes to
    /// <see cref="Location"/>.</summary>
    public bool InMemoryPersistence { get; set; } = true;

    /// <summary>Workspace folder for persisted data; null with <see cref="InMemoryPersistence"/> false creates a
    /// temporary folder that is deleted on dispose.</summary>
    public string? Location { get; set; }

    /// <summary>
    /// How long to wait for the ports to answer. Default 3 min: a bound for a start that hangs, not a speed
    /// expectation (on a loaded two-core machine Node took over 30 s to open Azurite's ports).
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The Node.js executable. Default <c>node</c> from PATH.</summary>
    public string NodeExecutable { get; set; } = "node";

    /// <summary>Clock for the startup wait. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Receives start/stop messages; none when null.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeModulesPath))
        {
            throw new ArgumentException("NodeModulesPath is required: the node_modules folder holding azurite.", nameof(NodeModulesPath));
        }

        foreach (var (name, port) in new[] { (nameof(BlobPort), BlobPort), (nameof(QueuePort), QueuePort), (nameof(TablePort), TablePort) })
        {
            if (port is < 1 or > 65535)
            {
                throw new ArgumentOutOfRangeException(name, port, $"{name} must be between 1 and 65535 (or null for a free port).");
            }
        }

        if (InMemoryPersistence && Location is not null)
        {
            throw new ArgumentException("Give either InMemoryPersistence or a Location, not both.", nameof(Location));
        }

        if (StartupTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartupTimeout), StartupTimeout, "StartupTimeout must be positive.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(NodeExecutable);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
