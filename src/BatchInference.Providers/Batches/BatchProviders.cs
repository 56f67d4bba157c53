using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Providers.Batches;

/// <summary>Creates the batch API client that fits an endpoint's <see cref="ProviderEndpointOptions.Kind"/>.</summary>
public static class BatchProviders
{
    /// <summary>
    /// The batch API of the endpoint: OpenAI's Batch API (<see cref="ProviderKind.OpenAI"/>, also any compatible server
    /// that has one), Azure OpenAI's Global Batch (<see cref="ProviderKind.AzureOpenAI"/>) or Anthropic's Message Batches
    /// (<see cref="ProviderKind.Anthropic"/>). Its <see cref="IBatchProvider.Name"/> is the endpoint's
    /// <see cref="ProviderEndpointOptions.Name"/>. Thread-safe; share one per endpoint.
    /// </summary>
    /// <param name="options">The endpoint, its key, and the retry settings used for batch API calls; must be valid.</param>
    /// <param name="timeProvider">The clock for retry delays and for the search window of <see cref="IBatchProvider.FindAsync"/>.</param>
    /// <param name="logger">Where batch creations, retries and unreadable result lines are logged; bodies and keys never are.</param>
    /// <returns>The provider's batch API client.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IBatchProvider Create(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger? logger = null) =>
        Create(options, timeProvider, logger, Random.Shared.NextDouble);

    internal static IBatchProvider Create(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger? logger, Func<double> random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(random);
        options.ThrowIfInvalid(nameof(options));

        var log = logger ?? NullLogger.Instance;
        return options.Kind == ProviderKind.Anthropic
            ? new AnthropicBatchProvider(options, timeProvider, log, random)
            : new OpenAIBatchProvider(options, timeProvider, log, random);
    }
}
