using System.Globalization;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;

namespace BatchInference.Orchestrations.Engine;

/// <summary>Settings of the job engine, bound from the <c>Engine</c> configuration section.</summary>
public sealed class EngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Engine";

    /// <summary>
    /// This worker's identity. Leases are taken with an id derived from it, so a worker restarted with the same id
    /// resumes its shards at once; two live workers must never share one. Default: machine name and process id.
    /// </summary>
    public string WorkerId { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Most lines per shard (a shard is the unit one worker runs and resumes).</summary>
    public int ShardMaxLines { get; set; } = 10_000;

    /// <summary>Most bytes per shard input.</summary>
    public long ShardMaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Most shards the split builds at once (one per endpoint and model, each in a local temp file); a job with more
    /// groups publishes the fullest open shard early, so it gets more, smaller shards.
    /// </summary>
    public int ShardMaxOpenSpools { get; set; } = ShardLimits.DefaultMaxOpenSpools;

    /// <summary>
    /// The in-flight window: most lines of one shard run that are sent but not yet in a written checkpoint. It bounds
    /// what a crash can make the engine send again: at most this many lines per shard slice the worker was running.
    /// </summary>
    public int InFlightLimit { get; set; } = 256;

    /// <summary>A checkpoint part is written once this many results are buffered (at most <see cref="InFlightLimit"/>).</summary>
    public int CheckpointLines { get; set; } = 128;

    /// <summary>…or once the oldest buffered result is this old.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Duration of shard and job leases (15–60 s, as blob leases allow); renewed at a third of it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activity waits before trying again when another worker holds the lease it needs.</summary>
    public TimeSpan LeaseBusyRetry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a dropped input with no settings of its own (no sidecar yet, no setting and no <c>sidecar=none</c> in its
    /// metadata) waits for its <c>.job.json</c> before it starts with defaults, counted from the drop. The wait is a
    /// durable timer of the job's orchestration, so it survives restarts; nothing is spent meanwhile.
    /// A sidecar that arrives after the job read its settings stops the job instead (see README "Dropping a job").
    /// Zero: no wait.
    /// </summary>
    public TimeSpan SidecarGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>While a job waits for its sidecar, how often it looks again (so an early sidecar starts it early).</summary>
    public TimeSpan SidecarCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest accepted input line in bytes; longer lines become <c>line_too_large</c> errors.</summary>
    public int MaxLineBytes { get; set; } = JsonlReaderOptions.DefaultMaxLineBytes;

    /// <summary>
    /// The default provider: where a shard goes when the planner has no cheaper choice, and the fallback of spot
    /// endpoints. Its <c>Providers:&lt;name&gt;</c> settings must exist.
    /// </summary>
    public string Provider { get; set; } = "openai";

    /// <summary>Where spot work goes when the spot endpoint stops answering; default: <see cref="Provider"/>.</summary>
    public string? SpotFallbackProvider { get; set; }

    /// <summary>
    /// After this many requests in a row fell back (flex capacity unavailable, spot endpoint not answering), a shard
    /// run stops trying its tier and sends the rest straight to the fallback.
    /// </summary>
    public int FallbackSwitchAfter { get; set; } = 8;

    /// <summary>The first poll of a provider batch comes this long after it was created; later polls back off.</summary>
    public TimeSpan BatchPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two polls of a provider batch.</summary>
    public TimeSpan BatchPollMaxInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// On Durable Task, a shard runs in real time as a loop of slice activities; a slice sends at most this many lines
    /// before it checkpoints and returns, so one activity carries a slice of a shard, never a line, and a retried slice
    /// re-sends at most its in-flight window (<see cref="InFlightLimit"/>). Each slice lists its shard's parts and reads the
    /// shard's input from the start, so slices near the shard's size (10,000) cost less than many short ones (docs/durable.md).
    /// </summary>
    public int SliceMaxLines { get; set; } = 10_000;

    /// <summary>
    /// …and takes no new line once it has run this long, so one shard does not hold a worker's activity slot for long
    /// while other shards (or jobs) wait for one. A cancel is seen within a slice (at each checkpoint) and a worker's
    /// shutdown ends a slice early, so this does not delay either. 30 s cut a 10,000-line shard into 2–4 slices on the
    /// loaded 2-core bench machine and cost about a tenth of the throughput (docs/durable.md).
    /// </summary>
    public TimeSpan SliceMaxDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A shard orchestration starts itself afresh (<c>ContinueAsNew</c>) after this many activities, so the history of a
    /// long shard (many slices, a long batch watch) stays bounded. Everything it needs is in the shard's state blob.
    /// </summary>
    public int ShardStepsPerExecution { get; set; } = 100;

    /// <summary>Folder for local spool files while splitting and merging; default: the temp folder.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// Monthly spending caps in USD by tag: <c>MonthlyBudgets[key][value]</c>, e.g. <c>Engine__MonthlyBudgets__team__search=100</c>
    /// caps every job tagged <c>team=search</c> together, per calendar month (UTC). Lines that could pass a cap are not
    /// sent, like a job's own <c>budget_usd</c>.
    /// </summary>
    public Dictionary<string, Dictionary<string, decimal>> MonthlyBudgets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How the planner weighs deadlines (<c>Engine:Planner:*</c>): safety factor and margin of the real-time reserve.</summary>
    public Planning.PlannerOptions Planner { get; set; } = new();

    /// <summary>How completion times are learned from recorded runs (<c>Engine:History:*</c>): minimum samples, window, decay.</summary>
    public History.HistoryOptions History { get; set; } = new();

    /// <summary>
    /// On Durable Task: how many times an activity of a job or shard orchestration is tried before the job fails with its
    /// error. A worker that dies does not use up an
    /// attempt (the activity simply runs again), and neither does a slice that checkpointed before it failed (a crash,
    /// not poison).
    /// </summary>
    public int ActivityMaxAttempts { get; set; } = 5;

    /// <summary>On Durable Task: the wait before an activity's first retry; each further retry waits twice as long, at most 16×.</summary>
    public TimeSpan ActivityRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The retry policy every engine activity is called with, from <see cref="ActivityMaxAttempts"/> and
    /// <see cref="ActivityRetryInterval"/>.</summary>
    internal Microsoft.DurableTask.TaskOptions ActivityRetries() =>
        Microsoft.DurableTask.TaskOptions.FromRetryPolicy(new Microsoft.DurableTask.RetryPolicy(
            ActivityMaxAttempts, ActivityRetryInterval, backoffCoefficient: 2, maxRetryInterval: ActivityRetryInterval * 16));

    /// <summary>
    /// Webhooks and their delivery: bound by the hosts from the top-level <c>Notify</c> section
    /// (<see cref="Notifications.NotifyOptions.SectionName"/>), not from <c>Engine</c>.
    /// </summary>
    public Notifications.NotifyOptions Notify { get; set; } = new();

    /// <summary>Keep shard inputs and checkpoints after a job is published (for debugging); default: delete them.</summary>
    public bool KeepWorkFiles { get; set; }

    /// <summary>Throws naming the first setting that is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(WorkerId, "Engine:WorkerId");
        Require(ShardMaxLines >= 1, nameof(ShardMaxLines), "must be at least 1");
        Require(ShardMaxBytes >= 1024, nameof(ShardMaxBytes), "must be at least 1024");
        Require(ShardMaxOpenSpools >= 1, nameof(ShardMaxOpenSpools), "must be at least 1");
        Require(InFlightLimit >= 1, nameof(InFlightLimit), "must be at least 1");
        Require(CheckpointLines >= 1 && CheckpointLines <= InFlightLimit, nameof(CheckpointLines), "must be between 1 and InFlightLimit");
        Require(CheckpointInterval > TimeSpan.Zero, nameof(CheckpointInterval), "must be positive");
        Require(LeaseDuration >= TimeSpan.FromSeconds(15) && LeaseDuration <= TimeSpan.FromSeconds(60), nameof(LeaseDuration), "must be 15–60 s");
        Require(LeaseBusyRetry > TimeSpan.Zero, nameof(LeaseBusyRetry), "must be positive");
        Require(SidecarGracePeriod >= TimeSpan.Zero, nameof(SidecarGracePeriod), "must not be negative");
        Require(SidecarCheckInterval > TimeSpan.Zero, nameof(SidecarCheckInterval), "must be positive");
        Require(MaxLineBytes > 0, nameof(MaxLineBytes), "must be positive");
        ArgumentException.ThrowIfNullOrWhiteSpace(Provider, "Engine:Provider");
        Planner.Validate();
        History.Validate();
        Require(FallbackSwitchAfter >= 1, nameof(FallbackSwitchAfter), "must be at least 1");
        Require(BatchPollInterval > TimeSpan.Zero, nameof(BatchPollInterval), "must be positive");
        Require(BatchPollMaxInterval >= BatchPollInterval, nameof(BatchPollMaxInterval), "must be at least BatchPollInterval");
        Require(SliceMaxLines >= 1, nameof(SliceMaxLines), "must be at least 1");
        Require(SliceMaxDuration > TimeSpan.Zero, nameof(SliceMaxDuration), "must be positive");
        Require(ActivityMaxAttempts >= 1, nameof(ActivityMaxAttempts), "must be at least 1");
        Require(ActivityRetryInterval > TimeSpan.Zero, nameof(ActivityRetryInterval), "must be positive");
        Require(ShardStepsPerExecution >= 2, nameof(ShardStepsPerExecution), "must be at least 2");
        Notify.Validate();
        foreach (var (key, byValue) in MonthlyBudgets)
        {
            foreach (var (value, limit) in byValue)
            {
                Require(limit >= 0, $"MonthlyBudgets:{key}:{value}", "must not be negative");
            }
        }
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException("Engine:" + name, $"Engine:{name} {rule}.");
        }
    }
}
