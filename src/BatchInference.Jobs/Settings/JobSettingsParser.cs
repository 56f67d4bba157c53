namespace BatchInference.Jobs.Settings;

/// <summary>
/// Builds <see cref="JobSettings"/> from blob metadata and an optional <c>&lt;name&gt;.job.json</c> sidecar. Every
/// problem in both sources is collected, so a job can fail once with the full list instead of one fix at a time.
/// </summary>
/// <remarks>
/// <para>Keys: <c>deadline</c> (ISO-8601 with <c>Z</c> or an offset), <c>completion_window</c> (<c>90s</c>,
/// <c>30m</c>, <c>4h</c>, <c>2d</c>…, at most 365d), <c>budget_usd</c> (&gt; 0), <c>tier_policy</c>
/// (auto|realtime|batch|flex|spot), <c>allowed_providers</c>, <c>allowed_regions</c>, <c>priority</c> (whole number),
/// <c>unknown_model</c> (fail|run_unpriced), <c>unpriced_budget</c> (estimate|exclude), <c>cache_hints</c> (off|auto),
/// and tags: <c>tag_&lt;name&gt;</c> metadata keys or a <c>tags</c> object in the sidecar; <c>notify</c> (webhooks,
/// sidecar only).</para>
/// <para>Metadata keys match case-insensitively, lists are comma-separated, unknown keys are ignored (Azure adds its
/// own). Sidecar keys are exact, lists are JSON arrays, numbers are JSON numbers, unknown keys are errors and
/// <see langword="null"/> means "not set".</para>
/// <para>The sidecar overrides metadata field by field; tags merge per tag name with the sidecar winning. When both a
/// deadline and a completion window end up set, the deadline wins (see <see cref="JobSettings.ResolveDeadline"/>).</para>
/// </remarks>
public static class JobSettingsParser
{
    /// <summary>Parses settings from blob metadata alone.</summary>
    /// <param name="metadata">The blob's metadata; <see langword="null"/> or empty for all defaults.</param>
    /// <returns>The settings, or every problem found.</returns>
    public static JobSettingsResult Parse(IReadOnlyDictionary<string, string>? metadata) =>
        Build(metadata, sidecarJson: default, hasSidecar: false);

    /// <summary>Parses settings from blob metadata and a sidecar document, the sidecar winning per field.</summary>
    /// <param name="metadata">The blob's metadata; <see langword="null"/> or empty for none.</param>
    /// <param name="sidecarJson">The UTF-8 sidecar document (an empty document is an error, not "no sidecar").</param>
    /// <returns>The settings, or every problem found.</returns>
    public static JobSettingsResult Parse(IReadOnlyDictionary<string, string>? metadata, ReadOnlySpan<byte> sidecarJson) =>
        Build(metadata, sidecarJson, hasSidecar: true);

    /// <summary>
    /// True when the input's metadata already carries settings (any setting or <c>tag_</c> key) or the marker
    /// <c>sidecar=none</c>: the dropper has said where the settings are, so the engine does not wait for a sidecar.
    /// </summary>
    /// <param name="metadata">The input blob's metadata.</param>
    /// <returns>Whether no sidecar needs to be waited for.</returns>
    public static bool DeclaresSettings(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.Keys.Any(SettingNames.IsMetadataSetting);

    private static JobSettingsResult Build(IReadOnlyDictionary<string, string>? metadata, ReadOnlySpan<byte> sidecarJson, bool hasSidecar)
    {
        var errors = new List<JobSettingsError>();
        var draft = metadata is null ? new JobSettingsDraft() : MetadataSettingsReader.Read(metadata, errors);
        if (hasSidecar)
        {
            draft.OverrideWith(SidecarSettingsReader.Read(sidecarJson, errors));
        }

        return errors.Count == 0 ? JobSettingsResult.Success(draft.ToSettings()) : JobSettingsResult.Failure(errors);
    }
}
