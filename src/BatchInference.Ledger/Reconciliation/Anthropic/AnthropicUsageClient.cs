using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchInference.Ledger.Reconciliation.Anthropic;

/// <summary>
/// Reads what Anthropic says an organization used and owes, per UTC day, model and tier, from the Admin API's
/// <c>GET /v1/organizations/usage_report/messages</c> (grouped by model and service_tier) and
/// <c>GET /v1/organizations/cost_report</c> (grouped by description, which is what fills model, service_tier and
/// token_type), as documented at https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages and
/// https://platform.claude.com/docs/en/api/admin/cost_report. Follows <c>next_page</c>; retries 429 and 5xx honoring
/// <c>Retry-After</c>; sends the admin key in <c>x-api-key</c> with <c>anthropic-version</c> and never logs it.
/// </summary>
/// <remarks>
/// The usage report has no request count, so every line reports 0 requests: reconcile with
/// <see cref="AnthropicReconciliation.WithoutRequestCheck"/> so only tokens and cost are compared. Anthropic documents
/// that Priority Tier costs are missing from the cost report; such usage shows as real-time tokens without cost.
/// </remarks>
public sealed class AnthropicUsageClient : IProviderUsageSource
{
    /// <inheritdoc/>
    public string Provider => _options.Provider;

    /// <inheritdoc/>
    public bool CountsRequests => false;

    private const string UsagePath = "v1/organizations/usage_report/messages";
    private const string CostPath = "v1/organizations/cost_report";

    private readonly AnthropicUsageClientOptions _options;
    private readonly RetryingSender _sender;

    /// <summary>Creates a client over <paramref name="httpClient"/> (not disposed by this client).</summary>
    /// <param name="httpClient">The HTTP client; its own base address and default headers are not used.</param>
    /// <param name="options">Settings, validated here.</param>
    /// <param name="timeProvider">Clock for back-off waits; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AnthropicUsageClient(HttpClient httpClient, AnthropicUsageClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _sender = new RetryingSender(httpClient, options.ToRetryOptions(), timeProvider ?? TimeProvider.System);
    }

    /// <summary>Anthropic's usage and cost for one UTC day.</summary>
    /// <param name="date">The day.</param>
    /// <param name="cancellationToken">Stops requests and retry waits.</param>
    /// <exception cref="HttpRequestException">Anthropic refused (4xx) or kept failing after every retry.</exception>
    public async Task<ProviderUsage> GetDailyUsageAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        (await GetUsageAsync(date, date, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Anthropic's usage and cost for every UTC day from <paramref name="first"/> to <paramref name="last"/>, inclusive.</summary>
    /// <param name="first">First day.</param>
    /// <param name="last">Last day, not before <paramref name="first"/>.</param>
    /// <param name="cancellationToken">Stops requests and retry waits.</param>
    /// <returns>One report per day, in day order; a day without usage has no lines.</returns>
    /// <exception cref="HttpRequestException">Anthropic refused (4xx) or kept failing after every retry.</exception>
    public async Task<IReadOnlyList<ProviderUsage>> GetUsageAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        var range = string.Create(
            CultureInfo.InvariantCulture,
            $"starting_at={Rfc3339(first)}&ending_at={Rfc3339(last.AddDays(1))}&bucket_width=1d&limit={_options.BucketsPerPage}");
        var lines = new Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine>();
        await foreach (var bucket in BucketsAsync(UsagePath, range + "&group_by[]=model&group_by[]=service_tier", cancellationToken).ConfigureAwait(false))
        {
            AnthropicUsageReport.AddUsage(bucket, lines);
        }

        await foreach (var bucket in BucketsAsync(CostPath, range + "&group_by[]=description", cancellationToken).ConfigureAwait(false))
        {
            AnthropicUsageReport.AddCosts(bucket, lines);
        }

        return UsageBuckets.ByDay(_options.Provider, first, last, lines);
    }

    private IAsyncEnumerable<JsonElement> BucketsAsync(string path, string query, CancellationToken cancellationToken) =>
        UsageBuckets.ReadAsync(_sender, _options.BaseAddress, path, query, Request, cancellationToken);

    private HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("x-api-key", _options.AdminApiKey);
        request.Headers.Add("anthropic-version", _options.AnthropicVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static string Rfc3339(DateOnly day) =>
        Uri.EscapeDataString(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");
}
