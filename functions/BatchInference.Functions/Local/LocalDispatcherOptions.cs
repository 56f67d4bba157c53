namespace BatchInference.Functions.Local;

/// <summary>
/// How the local dispatcher plays the Functions host (bound from <c>Dispatcher</c>; the schedule from the app setting
/// <c>NightlySchedule</c>, as the Nightly function.json reads it). Defaults follow host.json's queue extension.
/// </summary>
internal sealed class LocalDispatcherOptions
{
    public const string SectionName = "Dispatcher";

    /// <summary>The triggers to play.</summary>
    public LocalTriggers Triggers { get; set; } = LocalTriggers.All;

    /// <summary>The folder of the jobs container that is polled: <c>incoming/</c> or a folder under it.</summary>
    public string BlobDropPrefix { get; set; } = "incoming/";

    /// <summary>How often <c>jobs/incoming/</c> is listed for new blobs.</summary>
    public TimeSpan BlobPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before receiving again from an empty queue (host.json <c>maxPollingInterval</c>).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a received message stays invisible; renewed at half of it while its function runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// When a failed message becomes visible again (host.json <c>visibilityTimeout</c>); null leaves it until its
    /// visibility timeout lapses.
    /// </summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>Deliveries before a message is moved to the poison queue (host.json <c>maxDequeueCount</c>).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages whose functions run at once, per queue (host.json <c>batchSize</c>).</summary>
    public int MaxConcurrentMessages { get; set; } = 4;

    /// <summary>How long one function call may run (host.json <c>functionTimeout</c>).</summary>
    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The nightly run's 6-field NCRONTAB (<c>sec min hour day month dow</c>, UTC), read by NCrontab as the Functions
    /// host reads it; null or empty: no timer.
    /// </summary>
    public string? NightlySchedule { get; set; }

    /// <exception cref="ArgumentException">A value is out of range or the schedule does not parse.</exception>
    public void Validate()
    {
        if (!BlobDropPrefix.StartsWith("incoming/", StringComparison.Ordinal) || !BlobDropPrefix.EndsWith('/'))
        {
            throw new ArgumentException($"{nameof(BlobDropPrefix)} must be incoming/ or a folder under it, ending in '/' (is '{BlobDropPrefix}').");
        }

        Positive(BlobPollInterval, nameof(BlobPollInterval));
        Positive(QueuePollInterval, nameof(QueuePollInterval));
        if (VisibilityTimeout < TimeSpan.FromSeconds(2) || VisibilityTimeout > TimeSpan.FromDays(7))
        {
            throw new ArgumentException($"{nameof(VisibilityTimeout)} must be 2 s to 7 days (is {VisibilityTimeout}).");
        }

        if (RetryDelay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromDays(7)))
        {
            throw new ArgumentException($"{nameof(RetryDelay)} must be 0 to 7 days (is {delay}).");
        }

        if (MaxDequeueCount < 1 || MaxConcurrentMessages is < 1 or > 32)
        {
            throw new ArgumentException($"{nameof(MaxDequeueCount)} must be at least 1 and {nameof(MaxConcurrentMessages)} 1 to 32.");
        }

        Positive(FunctionTimeout, nameof(FunctionTimeout));
        if ((Triggers & LocalTriggers.Nightly) != 0 && !string.IsNullOrWhiteSpace(NightlySchedule))
        {
            try
            {
                CronSchedule.Parse(NightlySchedule);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"{nameof(NightlySchedule)} is invalid: {ex.Message}", ex);
            }
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive (is {value}).");
        }
    }
}
