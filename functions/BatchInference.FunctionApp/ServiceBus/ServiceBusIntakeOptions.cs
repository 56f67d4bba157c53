namespace BatchInference.FunctionApp.ServiceBus;

/// <summary>
/// The Service Bus job-message intake (section <c>ServiceBus:Intake</c>, app settings <c>ServiceBus__Intake__*</c>;
/// the namespace is the <c>ServiceBus</c> connection, the queue <c>ServiceBus__JobsQueue</c>). It runs only where a
/// namespace is configured and <see cref="Enabled"/> is true.
/// </summary>
public sealed class ServiceBusIntakeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ServiceBus:Intake";

    /// <summary>The queue when <c>ServiceBus:JobsQueue</c> is not set (infra-bicep's <c>batch-jobs</c>).</summary>
    public const string DefaultQueue = "batch-jobs";

    /// <summary>Listen at all (default true when a namespace is configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages handled at once per instance (default 4; each one reads blob properties and writes the job).</summary>
    public int MaxConcurrentCalls { get; set; } = 4;

    /// <summary>How long a message's lock is renewed while its handler runs (default 5 minutes; a submit takes seconds).</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages fetched ahead (default 0: a prefetched message's lock would run out while it waits).</summary>
    public int PrefetchCount { get; set; }

    /// <summary>Checks the figures.</summary>
    /// <exception cref="InvalidOperationException">A figure is out of range; the message names the setting.</exception>
    public void Validate()
    {
        if (MaxConcurrentCalls is < 1 or > 100)
        {
            throw new InvalidOperationException($"ServiceBus__Intake__MaxConcurrentCalls must be 1-100 (is {MaxConcurrentCalls}).");
        }

        if (MaxAutoLockRenewalDuration < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"ServiceBus__Intake__MaxAutoLockRenewalDuration must not be negative (is {MaxAutoLockRenewalDuration}).");
        }

        if (PrefetchCount < 0)
        {
            throw new InvalidOperationException($"ServiceBus__Intake__PrefetchCount must not be negative (is {PrefetchCount}).");
        }
    }
}
