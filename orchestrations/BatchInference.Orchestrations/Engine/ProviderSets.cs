using BatchInference.Providers;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Engine;

/// <summary>Builds a <see cref="ProviderSet"/> from endpoint settings, as every host (CLI, Functions) configures it.</summary>
public static class ProviderSets
{
    /// <summary>The configuration section holding one sub-section per provider, e.g. <c>Providers:OpenAI</c>.</summary>
    public const string SectionName = "Providers";

    /// <summary>
    /// Attempts of a flex request before it falls back to the standard tier: a flex 429 means "no capacity now", and
    /// waiting it out costs deadline time the standard tier does not.
    /// </summary>
    public const int FlexAttempts = 2;

    /// <summary>
    /// One <see cref="ProviderEndpoint"/> per endpoint: its real-time client, a flex client for OpenAI endpoints, and
    /// its batch API.
    /// </summary>
    /// <param name="endpoints">Valid endpoint options with unique names.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggers">Log sinks; keys are never logged.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">An endpoint is invalid or two share a name; the message names it.</exception>
    public static ProviderSet Create(IEnumerable<ProviderEndpointOptions> endpoints, TimeProvider timeProvider, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        loggers ??= NullLoggerFactory.Instance;
        return new ProviderSet(endpoints.Select(options =>
        {
            var realtime = new RealtimeClient(options, timeProvider, loggers.CreateLogger<RealtimeClient>());
            var flex = options.Kind == ProviderKind.OpenAI
                ? new RealtimeClient(Copy(options, FlexAttempts), timeProvider, loggers.CreateLogger<RealtimeClient>())
                : null;
            var batch = BatchProviders.Create(options, timeProvider, loggers.CreateLogger("BatchInference.Providers.Batches"));
            return new ProviderEndpoint(options.Name, realtime, flex, batch, options.BaseUrl);
        }).ToList());
    }

    /// <summary>
    /// Reads every provider under <c>Providers:*</c>: <c>Providers:OpenAI</c> always (its key may come from
    /// <c>OPENAI_API_KEY</c>), every other sub-section that sets a <c>BaseUrl</c>. A section named after a kind
    /// (<c>Providers:Anthropic</c>, <c>Providers:AzureOpenAI</c>) is that kind; any other (<c>Providers:Spot</c>) is an
    /// OpenAI-compatible endpoint named after its key in lower case, unless <c>Kind</c> / <c>Name</c> say otherwise. Keys of
    /// Anthropic endpoints may come from <c>ANTHROPIC_API_KEY</c>.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The endpoint options, not yet validated.</returns>
    public static IReadOnlyList<ProviderEndpointOptions> ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var result = new List<ProviderEndpointOptions>();
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            var isOpenAI = string.Equals(section.Key, "OpenAI", StringComparison.OrdinalIgnoreCase);
            if (!isOpenAI && string.IsNullOrWhiteSpace(section["BaseUrl"]))
            {
                continue;
            }

            // A section named after a kind (OpenAI, Anthropic, AzureOpenAI) is that kind unless it says otherwise; any
            // other section (Spot, Vllm…) is named after its key unless it says otherwise.
            var options = new ProviderEndpointOptions();
            var namedAfterKind = Enum.TryParse<ProviderKind>(section.Key, ignoreCase: true, out var kind);
            if (namedAfterKind)
            {
                options.Kind = kind;
            }

            section.Bind(options);
            if (!namedAfterKind && string.IsNullOrEmpty(section["Name"]) && options.Kind == ProviderKind.OpenAI)
            {
                options.Name = section.Key.ToLowerInvariant();
            }

            options.ApiKey ??= Environment.GetEnvironmentVariable(options.Kind == ProviderKind.Anthropic ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY");
            result.Add(options);
        }

        if (!result.Exists(o => o.Kind == ProviderKind.OpenAI && o.Name == "openai"))
        {
            result.Insert(0, new ProviderEndpointOptions { ApiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY") });
        }

        return result;
    }

    private static ProviderEndpointOptions Copy(ProviderEndpointOptions options, int maxAttempts) => new()
    {
        Kind = options.Kind,
        Name = options.Name,
        BaseUrl = options.BaseUrl,
        ApiKey = options.ApiKey,
        AnthropicVersion = options.AnthropicVersion,
        Region = options.Region,
        MaxConcurrency = options.MaxConcurrency,
        RequestsPerMinute = options.RequestsPerMinute,
        TokensPerMinute = options.TokensPerMinute,
        RateLimitBurst = options.RateLimitBurst,
        DefaultOutputTokens = options.DefaultOutputTokens,
        RequestTimeout = options.RequestTimeout,
        MaxAttempts = Math.Min(maxAttempts, options.MaxAttempts),
        BaseRetryDelay = options.BaseRetryDelay,
        MaxRetryDelay = options.MaxRetryDelay,
        CircuitBreakerFailureRatio = options.CircuitBreakerFailureRatio,
        CircuitBreakerSamplingDuration = options.CircuitBreakerSamplingDuration,
        CircuitBreakerMinimumThroughput = options.CircuitBreakerMinimumThroughput,
        CircuitBreakerBreakDuration = options.CircuitBreakerBreakDuration,
        CircuitBreakerFirstBreakDuration = options.CircuitBreakerFirstBreakDuration,
        BatchRequestTimeout = options.BatchRequestTimeout,
    };
}
