namespace BatchInference.Jobs.Settings;

/// <summary>One problem found while parsing job settings.</summary>
/// <param name="Source">Where the value came from: <see cref="MetadataSource"/> or <see cref="SidecarSource"/>.</param>
/// <param name="Field">The key as written (e.g. <c>completion_window</c>, <c>tag_team</c>).</param>
/// <param name="Message">What is wrong and what is accepted.</param>
public sealed record JobSettingsError(string Source, string Field, string Message)
{
    /// <summary>The <see cref="Source"/> of problems in blob metadata.</summary>
    public const string MetadataSource = "metadata";

    /// <summary>The <see cref="Source"/> of problems in the <c>.job.json</c> sidecar.</summary>
    public const string SidecarSource = "sidecar";

    /// <summary>A one-line description, e.g. <c>sidecar: budget_usd: must be greater than 0</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Source}: {Field}: {Message}";
}
