using System.Globalization;

namespace BatchInference.Providers;

/// <summary>
/// One provider endpoint (OpenAI, Azure OpenAI v1, Anthropic, the emulator, a self-hosted OpenAI-compatible server) and
/// how hard we may drive it. Bound from configuration; call <see cref="Validate"/> (or register
/// <see cref="ProviderEndpointOptionsValidator"/>) at start.
/// </summary>
public sealed class ProviderEndpointOptions
{
    private string? _name;

    /// <summary>Which protocol the endpoint speaks and how it authenticates. Default <see cref="ProviderKind.OpenAI"/>.
    /// Declared before <see cref="Name"/> so that configuration binding sets it first.</summary>
    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;

    /// <summary>
    /// Logical provider name used in logs, the catalog and the ledger. Defaults by <see cref="Kind"/>: <c>openai</c>,
    /// <c>azure-openai</c>, <c>anthropic</c>.
    /// </summary>
    public string Name
    {
        get => _name ?? Kind switch
        {
            ProviderKind.AzureOpenAI => "azure-openai",
            ProviderKind.Anthropic => "anthropic",
            _ => "openai",
        };
        set => _name = value;
    }

    /// <summary>
    /// The API base address including the version segment: <c>https://api.openai.com/v1</c> (the default),
    /// <c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c> for Azure OpenAI, <c>https://api.anthropic.com/v1</c>
    /// for Anthropic (the trailing <c>/v1</c> may be left out there).
    /// </summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1");

    /// <summary>The <c>anthropic-version</c> header sent to <see cref="ProviderKind.Anthropic"/> endpoints. Default <c>2023-06-01</c>.</summary>
    public string AnthropicVersion { get; set; } = "2023-06-01";

    /// <summary>
    /// Where the endpoint processes data (e.g. <c>eastus2</c>, <c>eu</c>, <c>global</c>), matched against a job's allowed
    /// regions; null when unknown.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>The API key; a secret that is never logged nor shown by <see cref="ToString"/>. Null sends no credential.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Most requests in flight at once. Default 16.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Client-side request budget per minute; 0 means no client-side limit. Default 0.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Client-side token budget per minute (estimated input plus output); 0 means no limit. Default 0.</summary>
    public int TokensPerMinute { get; set; }

    /// <summary>
    /// How much of the per-minute budgets may be spent in one burst: providers enforce their limits over windows shorter
    /// than a minute. Default 10 seconds (a sixth of the minute's budget at once).
    /// </summary>
    public TimeSpan RateLimitBurst { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Output tokens assumed for a request whose body sets no <c>max_tokens</c>-like limit. Default 1024.</summary>
    public int DefaultOutputTokens { get; set; } = 1024;

    /// <summary>Time limit of one attempt (one HTTP call). Default 2 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Time limit of one batch API call, which may move a whole batch file (upload, results download). Default
    /// 10 minutes.
    /// </summary>
    public TimeSpan BatchRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per request, the first included. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay of the exponential backoff used when the server gives no hint. Default 1 second.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest delay between two attempts, server hints included. Default 1 minute.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share of failed attempts (5xx, 408, transport errors, timeouts) that opens the circuit. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Window over which the failure ratio is measured. Default 30 seconds.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts needed in the window before the circuit may open. Default 20.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>
    /// Longest pause of an open circuit before it lets a probe (one line's next attempt) through. Default 30 seconds.
    /// </summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First pause of an open circuit; it doubles after each failed probe up to <see cref="CircuitBreakerBreakDuration"/>,
    /// so a short blip costs seconds and a long outage is probed rarely. Never longer than
    /// <see cref="CircuitBreakerBreakDuration"/>. Default 2 seconds.
    /// </summary>
    public TimeSpan CircuitBreakerFirstBreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when <see cref="Validate"/> finds an invalid setting: what a client does before it starts.</summary>
    /// <param name="paramName">The argument the options were passed in.</param>
    internal void ThrowIfInvalid(string paramName)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid provider options: {string.Join(" ", errors)}", paramName);
        }
    }

    /// <summary>Checks every setting.</summary>
    /// <returns>One message per invalid setting; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("Name is required.");
        }

        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("BaseUrl must be an absolute http(s) address.");
        }
        else if (Kind != ProviderKind.OpenAI && string.Equals(BaseUrl.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase))
        {
            // The default address only fits OpenAI: an Azure or Anthropic endpoint left on it would send that key to OpenAI.
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"BaseUrl must be set for a {Kind} endpoint."));
        }

        Require(errors, Enum.IsDefined(Kind), "Kind must be OpenAI, AzureOpenAI or Anthropic.");
        Require(errors, Kind != ProviderKind.Anthropic || !string.IsNullOrWhiteSpace(AnthropicVersion), "AnthropicVersion is required for an Anthropic endpoint.");
        Require(errors, Region is null || !string.IsNullOrWhiteSpace(Region), "Region must be null or a name.");

        Require(errors, MaxConcurrency is >= 1 and <= 10_000, "MaxConcurrency must be between 1 and 10000.");
        Require(errors, RequestsPerMinute >= 0, "RequestsPerMinute must be 0 (no limit) or positive.");
        Require(errors, TokensPerMinute >= 0, "TokensPerMinute must be 0 (no limit) or positive.");
        Require(errors, RateLimitBurst > TimeSpan.Zero && RateLimitBurst <= TimeSpan.FromMinutes(1), "RateLimitBurst must be positive and at most 1 minute.");
        Require(errors, DefaultOutputTokens >= 0, "DefaultOutputTokens must not be negative.");

        // The bounds below are Polly's own limits, checked here so a bad setting fails at start with a clear message.
        Require(errors, RequestTimeout >= TimeSpan.FromMilliseconds(10) && RequestTimeout <= TimeSpan.FromHours(24), "RequestTimeout must be between 10 ms and 24 h.");
        Require(errors, BatchRequestTimeout >= TimeSpan.FromMilliseconds(10) && BatchRequestTimeout <= TimeSpan.FromHours(24), "BatchRequestTimeout must be between 10 ms and 24 h.");
        Require(errors, MaxAttempts is >= 1 and <= 100, "MaxAttempts must be between 1 and 100.");
        Require(errors, BaseRetryDelay >= TimeSpan.Zero && BaseRetryDelay <= MaxRetryDelay, "BaseRetryDelay must be between 0 and MaxRetryDelay.");
        Require(errors, MaxRetryDelay <= TimeSpan.FromHours(1), "MaxRetryDelay must be at most 1 hour.");
        Require(errors, CircuitBreakerFailureRatio is > 0 and <= 1, "CircuitBreakerFailureRatio must be in (0, 1].");
        Require(errors, CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "CircuitBreakerSamplingDuration must be at least 500 ms.");
        Require(errors, CircuitBreakerMinimumThroughput >= 2, "CircuitBreakerMinimumThroughput must be at least 2.");
        Require(errors, CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500) && CircuitBreakerBreakDuration <= TimeSpan.FromDays(1), "CircuitBreakerBreakDuration must be between 500 ms and 1 day.");
        Require(errors, CircuitBreakerFirstBreakDuration >= TimeSpan.FromMilliseconds(500) && CircuitBreakerFirstBreakDuration <= TimeSpan.FromDays(1), "CircuitBreakerFirstBreakDuration must be between 500 ms and 1 day.");
        return errors;
    }

    /// <summary>Describes the endpoint for diagnostics; the API key is never included.</summary>
    /// <returns>The name, address and limits, with the key shown only as set or not set.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} {Kind} {BaseUrl} (key {(string.IsNullOrEmpty(ApiKey) ? "not set" : "set")}, concurrency {MaxConcurrency}, rpm {RequestsPerMinute}, tpm {TokensPerMinute})");

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
