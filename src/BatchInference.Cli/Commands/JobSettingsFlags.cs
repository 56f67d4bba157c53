using BatchInference.Jobs.Settings;

namespace BatchInference.Cli.Commands;

/// <summary>The job settings given on the command line, checked.</summary>
/// <param name="Sidecar">The sidecar <c>.job.json</c> to upload, or null when no flag was given.</param>
/// <param name="Settings">The settings as the engine will read them from the sidecar.</param>
/// <param name="DeadlineGiven">Whether the user set the deadline (<c>--deadline</c> or <c>--completion-window</c>).</param>
internal sealed record JobSettingsFlags(byte[]? Sidecar, JobSettings Settings, bool DeadlineGiven);
