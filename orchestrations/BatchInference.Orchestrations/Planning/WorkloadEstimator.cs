using BatchInference.Providers.RateLimiting;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Estimates the tokens of a request before it is sent. Input: one token per <see cref="BytesPerToken"/> bytes of the
/// body, the rule the real-time rate limiter uses (it over-counts JSON punctuation a little). Output, times the
/// body's <c>n</c>: the body's cap (<c>max_completion_tokens</c>, <c>max_output_tokens</c> or <c>max_tokens</c>, the
/// largest one set); else the model's typical output from history; else <see cref="DefaultOutputTokens"/>.
/// Embeddings produce no output tokens.
/// </summary>
/// <remarks>
/// The cap is the most a request may produce, so a workload of capped requests is planned pessimistically, as a deadline
/// needs. The real-time rate limiter (Providers' <c>RequestTokenEstimator</c>) reads bodies by the same rule; the
/// budget's <c>CostEstimator</c> counts 3 bytes per token on purpose, since a budget must err high.
/// </remarks>
public sealed class WorkloadEstimator
{
    /// <summary>Body bytes per estimated input token.</summary>
    public const int BytesPerToken = 4;

    /// <summary>Output tokens assumed for a request that sets no cap and whose model has no history: 1,024.</summary>
    public const long DefaultOutputTokens = 1_024;

    private readonly IReadOnlyDictionary<string, long> _outputHistory;
    private readonly long _defaultOutputTokens;

    /// <summary>Creates an estimator.</summary>
    /// <param name="outputHistory">Typical output tokens per request by model name, e.g. from earlier jobs' ledgers.</param>
    /// <param name="defaultOutputTokens">Output tokens when neither the body nor the history says.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="defaultOutputTokens"/> or a history figure is negative.</exception>
    public WorkloadEstimator(IReadOnlyDictionary<string, long>? outputHistory = null, long defaultOutputTokens = DefaultOutputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(defaultOutputTokens);
        _outputHistory = outputHistory ?? new Dictionary<string, long>();
        foreach (var (model, tokens) in _outputHistory)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(tokens, $"outputHistory[{model}]");
        }

        _defaultOutputTokens = defaultOutputTokens;
    }

    /// <summary>The tokens a request to <paramref name="url"/> for <paramref name="model"/> with <paramref name="body"/> is expected to use.</summary>
    /// <param name="url">The endpoint, e.g. <c>/v1/chat/completions</c>.</param>
    /// <param name="model">The model.</param>
    /// <param name="body">The request body, UTF-8 JSON.</param>
    /// <returns>The estimate.</returns>
    public RequestTokens Estimate(string url, string model, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(model);
        var input = (body.Length + BytesPerToken - 1L) / BytesPerToken;
        if (url.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            return new RequestTokens(input, 0);
        }

        var (cap, choices) = RequestOutputLimit.Read(body);
        var perChoice = cap ?? (_outputHistory.TryGetValue(model, out var typical) ? typical : _defaultOutputTokens);
        return new RequestTokens(input, perChoice * choices);
    }
}
