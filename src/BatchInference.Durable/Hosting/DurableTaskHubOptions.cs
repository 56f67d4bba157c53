using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// Settings of the local task hub (configuration section <c>Durable</c>): its name, partitions, concurrency, how often
/// idle queues are polled and how long a dequeued message stays invisible. The storage account itself comes from the
/// storage settings (<c>Storage:ConnectionString</c>). Defaults favour prompt local recovery over storage cost; see
/// docs/durable.md for why the visibility timeouts may be this short.
/// </summary>
public sealed class DurableTaskHubOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Durable";

    /// <summary>The default task hub name.</summary>
    public const string DefaultTaskHubName = "bijobs";

    /// <summary>
    /// The shortest visibility timeout accepted: the Durable Task Framework checks every 5 s whether a running work item's
    /// message needs renewing, so a timeout near 5 s lets a still-running activity's message reappear and run twice.
    /// </summary>
    public static readonly TimeSpan MinimumVisibilityTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Task hub name: prefixes its queues, tables and lease container. Azure Storage rules: 3 to 45 characters,
    /// letters and digits only, starting with a letter. Every worker and client of one engine uses the same name.</summary>
    public string TaskHubName { get; set; } = DefaultTaskHubName;

    /// <summary>Control-queue partitions (1 to 16): how many workers can run orchestrations in parallel. Fixed when the task
    /// hub is created; changing it later needs a new task hub.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Activities one worker runs at the same time. 8, as the queue worker's 8 messages: each real-time slice holds
    /// its shard's in-flight window and resume state, so more at once grew memory with the job's size and, on 2 cores,
    /// slowed every slice past its time bound (docs/durable.md, job-memory).</summary>
    public int MaxConcurrentActivities { get; set; } = 8;

    /// <summary>Orchestration episodes one worker runs at the same time.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>Longest pause between polls of an idle queue (the framework backs off up to it; its default of 30 s makes
    /// an idle worker slow to notice new work).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dequeued activity message stays invisible. A worker renews it while the activity runs, so this
    /// bounds how long a killed worker's in-flight activity waits before another worker runs it again (framework default:
    /// 5 minutes).</summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued control-queue (orchestration) message stays invisible; renewed while its episode runs
    /// (framework default: 5 minutes).</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a worker's claim on a control-queue partition lasts without renewal (the framework's
    /// <c>LeaseInterval</c>): a killed worker's orchestrations move to another worker once it has run out. The framework's
    /// default (the Functions app's host.json does not set it either).</summary>
    public TimeSpan PartitionLeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews the partitions it holds (<c>LeaseRenewInterval</c>); shorter than
    /// <see cref="PartitionLeaseInterval"/>, or a live worker loses its partitions between renewals.</summary>
    public TimeSpan PartitionLeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a worker looks for partitions that are free or unevenly spread (<c>LeaseAcquireInterval</c>):
    /// with <see cref="PartitionLeaseInterval"/> it bounds how soon an expired partition is taken over.</summary>
    public TimeSpan PartitionLeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads the <c>Durable</c> section over the defaults and validates it.</summary>
    /// <param name="configuration">The settings.</param>
    /// <returns>Valid options.</returns>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it.</exception>
    public static DurableTaskHubOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DurableTaskHubOptions();
        var section = configuration.GetSection(SectionName);
        options.TaskHubName = section[nameof(TaskHubName)] is { Length: > 0 } name ? name : options.TaskHubName;
        options.PartitionCount = Int(section, nameof(PartitionCount), options.PartitionCount);
        options.MaxConcurrentActivities = Int(section, nameof(MaxConcurrentActivities), options.MaxConcurrentActivities);
        options.MaxConcurrentOrchestrations = Int(section, nameof(MaxConcurrentOrchestrations), options.MaxConcurrentOrchestrations);
        options.MaxQueuePollingInterval = Time(section, nameof(MaxQueuePollingInterval), options.MaxQueuePollingInterval);
        options.WorkItemVisibilityTimeout = Time(section, nameof(WorkItemVisibilityTimeout), options.WorkItemVisibilityTimeout);
        options.ControlQueueVisibilityTimeout = Time(section, nameof(ControlQueueVisibilityTimeout), options.ControlQueueVisibilityTimeout);
        options.PartitionLeaseInterval = Time(section, nameof(PartitionLeaseInterval), options.PartitionLeaseInterval);
        options.PartitionLeaseRenewInterval = Time(section, nameof(PartitionLeaseRenewInterval), options.PartitionLeaseRenewInterval);
        options.PartitionLeaseAcquireInterval = Time(section, nameof(PartitionLeaseAcquireInterval), options.PartitionLeaseAcquireInterval);
        options.Validate();
        return options;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it and the rule.</exception>
    public void Validate()
    {
        TaskHubNames.Validate(TaskHubName, $"{SectionName}__{nameof(TaskHubName)}");
        Require(PartitionCount is >= 1 and <= 16, nameof(PartitionCount), "must be between 1 and 16");
        Require(MaxConcurrentActivities >= 1, nameof(MaxConcurrentActivities), "must be at least 1");
        Require(MaxConcurrentOrchestrations >= 1, nameof(MaxConcurrentOrchestrations), "must be at least 1");
        Require(MaxQueuePollingInterval > TimeSpan.Zero, nameof(MaxQueuePollingInterval), "must be positive");
        Require(WorkItemVisibilityTimeout >= MinimumVisibilityTimeout, nameof(WorkItemVisibilityTimeout),
            $"must be at least {MinimumVisibilityTimeout.TotalSeconds:0} s (the framework renews running work every 5 s)");
        Require(ControlQueueVisibilityTimeout >= MinimumVisibilityTimeout, nameof(ControlQueueVisibilityTimeout),
            $"must be at least {MinimumVisibilityTimeout.TotalSeconds:0} s (the framework renews running work every 5 s)");
        Require(PartitionLeaseRenewInterval > TimeSpan.Zero, nameof(PartitionLeaseRenewInterval), "must be positive");
        Require(PartitionLeaseAcquireInterval > TimeSpan.Zero, nameof(PartitionLeaseAcquireInterval), "must be positive");
        Require(PartitionLeaseInterval > PartitionLeaseRenewInterval, nameof(PartitionLeaseInterval),
            $"must be longer than {SectionName}__{nameof(PartitionLeaseRenewInterval)}, or a live worker loses its partitions between renewals");
    }

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{SectionName}__{setting} {rule}.");
        }
    }

    private static int Int(IConfigurationSection section, string key, int fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidOperationException($"{SectionName}__{key} is not a whole number.");

    private static TimeSpan Time(IConfigurationSection section, string key, TimeSpan fallback) =>
        section[key] is not { Length: > 0 } text ? fallback
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidOperationException($"{SectionName}__{key} is not a time span (e.g. 00:00:30).");
}
