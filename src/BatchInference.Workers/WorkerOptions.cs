using System.Globalization;

namespace BatchInference.Workers;

/// <summary>Settings for <see cref="WorkerHost"/>, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Worker";

    // The longest a Storage Queue keeps a message hidden: bounds lock durations and retry delays.
    private static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(7);

    /// <summary>How many handlers run at once in this process. Default 8.</summary>
    public int MaxConcurrentMessages { get; set; } = 8;

    /// <summary>How long a received message stays locked (the visibility timeout); renewed every third of it while its
    /// handler runs, so it only matters when a worker dies. At least 1 s (queues lock in whole seconds). Default 60 s.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A message received more often than this is poison: handed to <see cref="IWorkHandler.OnPoisonAsync"/>
    /// and moved to the poison queue. Default 5.</summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>The longest wait between receives that found nothing. After work the wait starts at 100 ms and doubles
    /// up to this. A failing receive backs off up to ten times this. Default 1 s.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a failed message stays hidden after its first failure; doubled per delivery
    /// (<c>base * 2^(n-1)</c>), capped at <see cref="RetryMaxDelay"/>, with ±20 % jitter. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a failed message stays hidden. Default 2 min.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>On stop, how long to wait for running handlers after cancelling them; messages whose handlers have not
    /// finished by then are abandoned (delay zero) for another worker, which gets up to 10 s more. Default 30 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="ArgumentOutOfRangeException"/>) naming the first
    /// invalid setting.</summary>
    public void Validate()
    {
        if (MaxConcurrentMessages < 1)
        {
            throw Invalid(nameof(MaxConcurrentMessages), MaxConcurrentMessages, "must be at least 1");
        }

        if (LockDuration < TimeSpan.FromSeconds(1) || LockDuration > MaxQueueDelay)
        {
            throw Invalid(nameof(LockDuration), LockDuration, "must be between 1 second and 7 days");
        }

        if (MaxDeliveryCount < 1)
        {
            throw Invalid(nameof(MaxDeliveryCount), MaxDeliveryCount, "must be at least 1");
        }

        if (IdlePollInterval <= TimeSpan.Zero || IdlePollInterval > TimeSpan.FromHours(1))
        {
            throw Invalid(nameof(IdlePollInterval), IdlePollInterval, "must be more than zero and at most 1 hour");
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            throw Invalid(nameof(RetryBaseDelay), RetryBaseDelay, "must not be negative");
        }

        if (RetryMaxDelay < RetryBaseDelay || RetryMaxDelay > MaxQueueDelay)
        {
            throw Invalid(nameof(RetryMaxDelay), RetryMaxDelay, "must be at least RetryBaseDelay and at most 7 days");
        }

        if (StopTimeout < TimeSpan.Zero)
        {
            throw Invalid(nameof(StopTimeout), StopTimeout, "must not be negative");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string name, object value, string rule) =>
        new(name, value, string.Create(CultureInfo.InvariantCulture, $"Worker:{name} {rule} (was {value})."));

    /// <summary>A copy, so changes to the caller's instance after validation do not reach a running host.</summary>
    internal WorkerOptions Snapshot() => (WorkerOptions)MemberwiseClone();
}
