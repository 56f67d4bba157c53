using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Reads what a provider says an organization used and owes, per UTC day, model and tier, from OpenAI's
/// organization usage (<c>/v1/organization/usage/completions</c>) and costs (<c>/v1/organization/costs</c>) APIs.
/// Follows <c>next_page</c> cursors; retries 429 and 5xx honoring <c>Retry-After</c>; sends the admin key as a
/// bearer token on each request and never logs or echoes it.
/// </summary>
/// <remarks>
/// Anthropic's Admin API (<c>/v1/organizations/usage_report/messages</c>, <c>/v1/organizations/cost_report</c>) has
/// a different shape (RFC 3339 <c>starting_at</c>/<c>ending_at</c>, token kinds split by cache use) and is read by
/// <see cref="Anthropic.AnthropicUsageClient"/>.
/// </remarks>
public sealed class ProviderUsageClient : IProviderUsageSource
{
    /// <inheritdoc/>
    public string Provider => _options.Provider;

    /// <inheritdoc/>
    public bool CountsRequests => true;

    private const string CompletionsPath = "v1/organization/usage/completions";
    private const string EmbeddingsPath = "v1/organization/usage/embeddings";
    private const string CostsPath = "v1/organization/costs";

    private readonly ProviderUsageClientOptions _options;
    private readonly RetryingSender _sender;

    /// <summary>Creates a client over <paramref name="httpClient"/> (not disposed by this client).</summary>
    /// <param name="httpClient">The HTTP client; its own base address and default headers are not used.</param>
    /// <param name="options">Settings, validated here.</param>
    /// <param name="timeProvider">Clock for back-off waits; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ProviderUsageClient(HttpClient httpClient, ProviderUsageClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sender = new RetryingSender(httpClient, options, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The provider's usage and cost for one UTC day.</summary>
    /// <param name="date">The day.</param>
    /// <param name="cancellationToken">Stops requests and retry waits.</param>
    /// <exception cref="HttpRequestException">The provider refused (4xx) or kept failing after every retry.</exception>
    public async Task<ProviderUsage> GetDailyUsageAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        (await GetUsageAsync(date, date, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>The provider's usage and cost for every UTC day from <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    /// <param name="first">First day.</param>
    /// <param name="last">Last day, not before <paramref name="first"/>.</param>
    /// <param name="cancellationToken">Stops requests and retry waits.</param>
    /// <returns>One report per day, in day order; a day without usage has no lines.</returns>
    /// <exception cref="HttpRequestException">The provider refused (4xx) or kept failing after every retry.</exception>
    public async Task<IReadOnlyList<ProviderUsage>> GetUsageAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        var start = UnixSeconds(first);
        var end = UnixSeconds(last.AddDays(1));
        var lines = new Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine>();
        var usageQuery = string.Create(
            CultureInfo.InvariantCulture,
            $"start_time={start}&end_time={end}&bucket_width=1d&group_by[]=model&group_by[]=batch&group_by[]=service_tier&limit={_options.BucketsPerPage}");
        await foreach (var bucket in BucketsAsync(CompletionsPath, usageQuery, cancellationToken).ConfigureAwait(false))
        {
            OpenAIUsageReport.AddUsage(bucket, lines, "USD");
        }

        // Embeddings are not in the completions usage: OpenAI reports them on their own endpoint, which cannot group by
        // batch, so their usage is compared over all tiers.
        var embeddingsQuery = string.Create(
            CultureInfo.InvariantCulture,
            $"start_time={start}&end_time={end}&bucket_width=1d&group_by[]=model&limit={_options.BucketsPerPage}");
        await foreach (var bucket in BucketsAsync(EmbeddingsPath, embeddingsQuery, cancellationToken).ConfigureAwait(false))
        {
            OpenAIUsageReport.AddUsage(bucket, lines, "USD", tiered: false);
        }

        var costQuery = string.Create(
            CultureInfo.InvariantCulture,
            $"start_time={start}&end_time={end}&bucket_width=1d&group_by[]=line_item&limit={_options.BucketsPerPage}");
        await foreach (var bucket in BucketsAsync(CostsPath, costQuery, cancellationToken).ConfigureAwait(false))
        {
            OpenAIUsageReport.AddCosts(bucket, lines);
        }

        return UsageBuckets.ByDay(_options.Provider, first, last, lines);
    }

    private IAsyncEnumerable<JsonElement> BucketsAsync(string path, string query, CancellationToken cancellationToken) =>
        UsageBuckets.ReadAsync(_sender, _options.BaseAddress, path, query, Request, cancellationToken);

    private HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AdminApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static long UnixSeconds(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
}
