using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Providers;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// One rate-limited run: the emulator enforces <see cref="Limit"/> per <see cref="Window"/> on one resource (the other
/// unlimited), our client is given the same budget per minute with a burst of one window, and the job is sized to keep
/// the limit busy for about <see cref="Windows"/> windows after the first.
/// </summary>
/// <param name="Name">For the report, e.g. <c>TPM-bound</c>.</param>
/// <param name="Resource">The limit that binds.</param>
/// <param name="Limit">Tokens or requests per window (the emulator's <c>TokensPerMinute</c>/<c>RequestsPerMinute</c> with its window).</param>
/// <param name="Window">The emulator's <c>RateLimitWindow</c>.</param>
/// <param name="Windows">Windows the steady part of the run should span.</param>
/// <param name="PromptChars">Characters of each line's prompt.</param>
/// <param name="MaxTokens">Each line's <c>max_tokens</c>.</param>
internal sealed record RateLimitScenario(
    string Name, LimitedResource Resource, int Limit, TimeSpan Window, int Windows, int PromptChars, int MaxTokens)
{
    /// <summary>Emulator latency per call, plus up to the same again as jitter: calls overlap as they do against a real API.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    /// <summary>Most requests our client has in flight.</summary>
    public const int ClientConcurrency = 32;

    // The emulator counts a chat prompt as its text (4 characters a token) plus 7 tokens of message framing.
    private const int ChatFramingTokens = 7;

    /// <summary>Limit units (tokens or 1) the emulator counts for one line of this scenario.</summary>
    public int UnitsPerLine => Resource == LimitedResource.Requests
        ? 1
        : ((PromptChars + 3) / 4) + ChatFramingTokens + MaxTokens;

    /// <summary>
    /// Enough lines for the first window (which starts with a full bucket and so takes up to twice the limit) plus
    /// <see cref="Windows"/> more.
    /// </summary>
    public int Lines => (int)Math.Ceiling((double)Limit * (Windows + 1) / UnitsPerLine);

    /// <summary>The same budget as our client's per-minute setting: the limit scaled from its window to a minute.</summary>
    public int PerMinute => (int)Math.Round(Limit * (TimeSpan.FromMinutes(1) / Window));

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}: emulator {Limit:N0} {(Resource == LimitedResource.Tokens ? "tokens" : "requests")} per {Window.TotalSeconds:0.#} s window; " +
        $"client {PerMinute:N0} {(Resource == LimitedResource.Tokens ? "TPM" : "RPM")} with a {Window.TotalSeconds:0.#} s burst, concurrency {ClientConcurrency}; " +
        $"{Lines:N0} lines of {PromptChars} prompt chars, max_tokens {MaxTokens}; latency {Latency.TotalMilliseconds:0}–{2 * Latency.TotalMilliseconds:0} ms");

    public EmulatorOptions EmulatorOptions() => new()
    {
        Port = 0,
        Latency = Latency,
        LatencyJitter = Latency,
        RateLimitWindow = Window,
        TokensPerMinute = Resource == LimitedResource.Tokens ? Limit : 0,
        RequestsPerMinute = Resource == LimitedResource.Requests ? Limit : 0,
    };

    public ProviderEndpointOptions Endpoint(Uri baseUrl) => new()
    {
        Name = "openai",
        Kind = ProviderKind.OpenAI,
        BaseUrl = baseUrl,
        ApiKey = "bench",
        MaxConcurrency = ClientConcurrency,
        TokensPerMinute = Resource == LimitedResource.Tokens ? PerMinute : 0,
        RequestsPerMinute = Resource == LimitedResource.Requests ? PerMinute : 0,
        RateLimitBurst = Window,
    };

    public IEnumerable<BenchRequestLine> Input(string model)
    {
        for (var i = 0; i < Lines; i++)
        {
            yield return new BenchRequestLine(
                string.Create(CultureInfo.InvariantCulture, $"line-{i:D6}"), BenchRequestLine.ChatCompletions, model,
                BenchRequestLine.FillerPrompt(i, PromptChars), MaxTokens);
        }
    }
}
