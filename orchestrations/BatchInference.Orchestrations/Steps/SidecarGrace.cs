using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// The drop protocol's guard against lost settings. A dropped input that carries no settings of its own (no job
/// message settings, no setting or <c>sidecar=none</c> in its metadata, no sidecar yet) waits up to
/// <see cref="EngineOptions.SidecarGracePeriod"/> from the drop for its <c>.job.json</c> before it starts with defaults;
/// a sidecar found after the settings were read fails the job instead of being ignored.
/// </summary>
internal sealed class SidecarGrace(EngineContext context)
{
    /// <summary>How much longer the job must wait for its sidecar before it may start; zero to start now.</summary>
    public async Task<TimeSpan> RemainingAsync(JobState state, CancellationToken cancellationToken)
    {
        var grace = context.Options.SidecarGracePeriod;
        if (grace <= TimeSpan.Zero || state.SettingsJson is not null)
        {
            return TimeSpan.Zero;
        }

        var source = state.Source;
        var input = await context.Blobs.GetPropertiesAsync(source.Container, source.Blob, cancellationToken).ConfigureAwait(false);
        if (input is null || JobSettingsParser.DeclaresSettings(input.Metadata)
            || await context.Blobs.GetPropertiesAsync(source.Container, StorageLayout.Sidecar(source.Blob), cancellationToken).ConfigureAwait(false) is not null)
        {
            return TimeSpan.Zero;
        }

        var until = state.CreatedAt + grace;
        var remaining = until - context.Now;
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        await context.Jobs.UpdateAsync(
            StorageLayout.JobState(state.JobId), s => JobDecisions.AwaitSidecar(s, until, context.Now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        Log.WaitingForSidecar(context.Logger, state.JobId, StorageLayout.Sidecar(source.Blob), until);
        return remaining < context.Options.SidecarCheckInterval ? remaining : context.Options.SidecarCheckInterval;
    }

    /// <summary>
    /// True when the job read its settings without a sidecar (or from another version of it) and one is there now:
    /// it came too late to be honoured, and running on would silently ignore it.
    /// </summary>
    public async Task<bool> ArrivedLateAsync(JobState state, CancellationToken cancellationToken)
    {
        if (state.SettingsJson is not null || state.Deadline is null)
        {
            return false;
        }

        var sidecar = await context.Blobs.GetPropertiesAsync(state.Source.Container, StorageLayout.Sidecar(state.Source.Blob), cancellationToken)
            .ConfigureAwait(false);
        return sidecar is not null && !string.Equals(Trim(sidecar.ETag.ToString()), Trim(state.SidecarETag), StringComparison.Ordinal);
    }

    /// <summary>The failure reason of a job whose sidecar came after it had read its settings.</summary>
    public static string LateReason(JobSource source, TimeSpan grace) =>
        $"Its settings sidecar {source.Container}/{StorageLayout.Sidecar(source.Blob)} arrived after the job had started with other settings, "
        + "so the job was stopped rather than run on without them (a budget in it would have been ignored). Upload the sidecar before the "
        + $"input (or within Engine:SidecarGracePeriod, {grace.TotalSeconds:0.#} s), or put the settings in the input's metadata, and submit again.";

    private static string? Trim(string? etag) => etag?.Trim('"');
}
