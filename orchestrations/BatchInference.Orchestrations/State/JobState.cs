using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>
/// A job's state, stored as <c>work/&lt;jobId&gt;/job.json</c> and only ever replaced by a conditional write
/// (<c>If-Match</c> its ETag). Every field is what the engine decided, so a worker that crashes and a worker that takes
/// over read the same facts.
/// </summary>
public sealed record JobState
{
    /// <summary>The job id (deterministic from the source).</summary>
    public required string JobId { get; init; }

    /// <summary>The input.</summary>
    public required JobSource Source { get; init; }

    /// <summary>Where the job is.</summary>
    public required JobStatus Status { get; init; }

    /// <summary>Why the job failed (set with <see cref="JobStatus.Failed"/>, or while finishing a job that is failing).</summary>
    public string? FailureReason { get; init; }

    /// <summary>When the job was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the input was split and shards were handed out.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Written by the queue engine this replaced (when a submit sent its start message); read so its state blobs still load.</summary>
    public DateTimeOffset? StartSentAt { get; init; }

    /// <summary>When the job reached its terminal status.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// Settings given with the job itself (a job message's <c>settings</c>, in the sidecar's JSON format); when set they
    /// are used instead of a <c>.job.json</c> sidecar next to the input.
    /// </summary>
    public string? SettingsJson { get; init; }

    /// <summary>ETag of the <c>.job.json</c> sidecar the settings were read from; null when none was read.</summary>
    public string? SidecarETag { get; init; }

    /// <summary>Set while the job waits for its sidecar (see <c>Engine:SidecarGracePeriod</c>): when it starts without one.</summary>
    public DateTimeOffset? SidecarWaitUntil { get; init; }

    /// <summary>When the results are due (from the job's settings); null until the settings were read.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The job's budget in USD, if any.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>Tags for the spend report.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// True when the job's <c>unknown_model</c> setting is <c>run_unpriced</c>: lines of a model the catalog does not
    /// know run in real time, unpriced, instead of failing.
    /// </summary>
    public bool RunUnpriced { get; init; }

    /// <summary>
    /// True when the job's <c>unpriced_budget</c> is <c>exclude</c>: its unpriced lines are left out of budget math.
    /// False (the default, also for jobs configured before the setting existed) counts each at
    /// <see cref="Budgets.UnpricedEstimate"/>, so the caps hold for them too.
    /// </summary>
    public bool ExcludeUnpricedFromBudgets { get; init; }

    /// <summary>True when the job's <c>cache_hints</c> is <c>auto</c>: its shards are sent prompt-cache-aware (<see cref="PromptCaching.CacheHintPlan"/>).</summary>
    public bool CacheHints { get; init; }

    /// <summary>The job's own webhooks (its <c>notify</c> settings), told when it ends; checked when it was accepted.</summary>
    public IReadOnlyList<BatchInference.Jobs.Settings.WebhookSubscription> Webhooks { get; init; } = [];

    /// <summary>The job's <c>result_cache</c> setting: whether lines are answered from and stored in the exact result cache.</summary>
    public BatchInference.Jobs.Settings.ResultCacheMode ResultCache { get; init; }

    /// <summary>The oldest cached answer the job accepts (its <c>result_cache_ttl</c>, or the default).</summary>
    public TimeSpan ResultCacheTtl { get; init; }

    /// <summary>The OpenAI-compatible API's batch id of a job created through <c>POST /v1/batches</c>, else null: such a
    /// job's webhooks may also hear OpenAI's <c>batch.*</c> events, which name the batch.</summary>
    public string? ApiBatchId { get; init; }

    /// <summary>The job's <c>allowed_providers</c> (empty: any); lines routed one by one keep to them too.</summary>
    public IReadOnlyList<string> AllowedProviders { get; init; } = [];

    /// <summary>Input size in bytes.</summary>
    public long InputBytes { get; init; }

    /// <summary>Input lines (blank lines excluded), known once the input was split.</summary>
    public long Lines { get; init; }

    /// <summary>How many shards the input was split into; null before that.</summary>
    public int? ShardCount { get; init; }

    /// <summary>Shards that have finished (done, cancelled or given up), in the order they finished.</summary>
    public IReadOnlyList<int> ShardsFinished { get; init; } = [];

    /// <summary>Set when a budget stopped lines from being sent (which budget, in words); the job ends <c>budget_exceeded</c>.</summary>
    public string? BudgetExceeded { get; init; }

    /// <summary>Set by <c>bi cancel</c>: no new lines are started; what is done is kept.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>When this state was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True when every shard has finished.</summary>
    [JsonIgnore]
    public bool AllShardsFinished => ShardCount is { } count && ShardsFinished.Count >= count;

    /// <summary>True when shards must stop starting lines: the job was cancelled or is failing.</summary>
    [JsonIgnore]
    public bool StopRequested => CancelRequested || FailureReason is not null || Status.IsTerminal();
}
