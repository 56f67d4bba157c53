namespace BatchInference.Testing.Fakes;

/// <summary>A queued message as the Queue service keeps it; replaced whole on every receive and update.</summary>
internal sealed record StoredMessage(
    string Id,
    BinaryData Body,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset VisibleAt,
    int DequeueCount,
    string? PopReceipt)
{
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
