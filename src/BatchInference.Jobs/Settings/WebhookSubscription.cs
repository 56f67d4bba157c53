namespace BatchInference.Jobs.Settings;

/// <summary>One webhook a job (or a deployment) notifies: where, and for which events.</summary>
/// <param name="Url">An absolute <c>https</c> URL (<c>http</c> only where the deployment allows it). The pipeline checks
/// where it resolves to when the job is accepted and again at every send.</param>
/// <param name="Events">The <see cref="WebhookEvents"/> it wants; every terminal <c>job.*</c> event when none are given.</param>
public sealed record WebhookSubscription(string Url, IReadOnlyList<string> Events)
{
    /// <summary>Whether this webhook wants <paramref name="eventType"/>.</summary>
    /// <param name="eventType">A <see cref="WebhookEvents"/> name.</param>
    /// <returns>True when it is among <see cref="Events"/>.</returns>
    public bool Wants(string eventType) => Events.Contains(eventType, StringComparer.Ordinal);
}
