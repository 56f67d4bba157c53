namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Where and how <see cref="ProviderUsageClient"/> reads a provider's organization usage and costs. Bound from
/// configuration (e.g. <c>Reconciliation:OpenAI</c>); the admin key belongs in a secret store and is never logged.
/// </summary>
public sealed class ProviderUsageClientOptions
{
    /// <summary>Provider name written into the report and matched against ledger entries.</summary>
    public string Provider { get; set; } = "openai";

    /// <summary>API root; the client calls <c>v1/organization/usage/completions</c> and <c>v1/organization/costs</c> under it.</summary>
    public Uri BaseAddress { get; set; } = new("https://api.openai.com/");

    /// <summary>Organization admin key, sent as a bearer token. Required.</summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Day buckets asked for per page (OpenAI allows up to 31 for usage, 180 for costs).</summary>
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
        ArgumentException.ThrowIfNullOrWhiteSpace(Provider, nameof(Provider));
        ArgumentNullException.ThrowIfNull(BaseAddress, nameof(BaseAddress));
        if (!BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("BaseAddress must be absolute.", nameof(BaseAddress));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(AdminApiKey, nameof(AdminApiKey));
        ArgumentOutOfRangeException.ThrowIfLessThan(BucketsPerPage, 1, nameof(BucketsPerPage));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BucketsPerPage, 31, nameof(BucketsPerPage));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
    }
}
