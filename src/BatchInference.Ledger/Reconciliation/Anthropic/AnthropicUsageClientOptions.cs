namespace BatchInference.Ledger.Reconciliation.Anthropic;

/// <summary>
/// Where and how <see cref="AnthropicUsageClient"/> reads Anthropic's Admin API usage and cost reports. Bound from
/// configuration (e.g. <c>Reconciliation:Anthropic</c>); the admin key (<c>sk-ant-admin…</c>) belongs in a secret
/// store and is never logged.
/// </summary>
public sealed class AnthropicUsageClientOptions
{
    /// <summary>Provider name written into the report and matched against ledger entries.</summary>
    public string Provider { get; set; } = "anthropic";

    /// <summary>API root; the client calls <c>v1/organizations/usage_report/messages</c> and <c>v1/organizations/cost_report</c> under it.</summary>
    public Uri BaseAddress { get; set; } = new("https://api.anthropic.com/");

    /// <summary>Organization admin key, sent in the <c>x-api-key</c> header. Required.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Value of the <c>anthropic-version</c> header.</summary>
    public string AnthropicVersion { get; set; } = "2023-06-01";

    /// <summary>Day buckets asked for per page (the docs allow 1 to 31 for <c>bucket_width=1d</c>, default 7).</summary>
    public int BucketsPerPage { get; set; } = 7;

    /// <summary>Attempts per page, the first included, for 429 and 5xx answers and connection failures.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First back-off when the answer has no <c>Retry-After</c>; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, <c>Retry-After</c> included.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(AnthropicVersion, nameof(AnthropicVersion));
        ToRetryOptions().Validate();
    }

    /// <summary>The shared retry and paging settings, in the form <see cref="RetryingSender"/> reads.</summary>
    internal ProviderUsageClientOptions ToRetryOptions() => new()
    {
        Provider = Provider,
        BaseAddress = BaseAddress,
        AdminApiKey = AdminApiKey,
        BucketsPerPage = BucketsPerPage,
        MaxAttempts = MaxAttempts,
        RetryBaseDelay = RetryBaseDelay,
        RetryMaxDelay = RetryMaxDelay,
    };
}
