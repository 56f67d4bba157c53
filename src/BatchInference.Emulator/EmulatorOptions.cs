using System.Net;
using BatchInference.Emulator.Usage;

namespace BatchInference.Emulator;

/// <summary>
/// Settings of the provider emulator: where it listens, how slow and how limited it is, and which faults it injects.
/// Bound from the configuration section <see cref="SectionName"/>; validated when the server starts and on every
/// <see cref="EmulatorServer.Reconfigure"/>.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Emulator";

    /// <summary>IP address to listen on (or <c>localhost</c>, which means 127.0.0.1). Defaults to loopback.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port to listen on; 0 picks a free port (read it back from <see cref="EmulatorServer.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>Base latency added to every model call.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Uniform random extra latency between zero and this value, drawn from a generator seeded with <see cref="Seed"/>.</summary>
    public TimeSpan LatencyJitter { get; set; } = TimeSpan.Zero;

    /// <summary>Requests allowed per <see cref="RateLimitWindow"/>; 0 means unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>
    /// Tokens allowed per <see cref="RateLimitWindow"/>; 0 means unlimited. Like OpenAI, a request counts its prompt
    /// tokens plus <c>max_tokens</c> (or an estimate of its output when no maximum is given).
    /// </summary>
    public int TokensPerMinute { get; set; }

    /// <summary>
    /// The window the two limits refer to. A minute, like the real providers; tests shrink it so a bucket refills
    /// within a second (the limits then apply per that shorter window).
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share (0..1) of model calls answered with 500, 502 or 503; such calls are not billable.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Seed of the generators behind fault injection and latency jitter: same seed and request order, same faults.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>When set, model calls without <c>Authorization: Bearer &lt;key&gt;</c> (or <c>api-key: &lt;key&gt;</c>) get 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// When set, the organization usage and costs endpoints (<c>/v1/organization/…</c>) require
    /// <c>Authorization: Bearer &lt;key&gt;</c>, like OpenAI's admin keys. Never echoed by <c>/_emulator/config</c>.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>Prices the costs endpoint bills with, per model; a model without a price is not billed there.</summary>
    public IReadOnlyList<UsagePrice> Prices { get; set; } = UsagePrice.Defaults;

    /// <summary>
    /// Usage the usage and costs endpoints report on top of the real calls: a switch to make reconciliation find
    /// something. Empty by default. Also settable at runtime with <c>POST /_emulator/usage/discrepancies</c>.
    /// </summary>
    public IReadOnlyList<UsageDiscrepancy> UsageDiscrepancies { get; set; } = [];

    /// <summary>
    /// Provider time ÷ emulator time for batch completion windows: at 3600 (the default) OpenAI's and Anthropic's
    /// "24h" window ends 24 seconds after a batch is created. Every batch timestamp stays on the emulator's clock, so a
    /// client on the same clock sees <c>expires_at</c> exactly when the batch expires. A batch keeps the window it was
    /// created with.
    /// </summary>
    public double BatchTimeScale { get; set; } = 3600;

    /// <summary>How long an OpenAI batch stays <c>validating</c> (emulator time; Anthropic batches skip it).</summary>
    public TimeSpan BatchValidationTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Batch requests answered per second of emulator time, across the batch's lines.</summary>
    public double BatchLinesPerSecond { get; set; } = 1000;

    /// <summary>How long an OpenAI batch stays <c>finalizing</c> after its last line (emulator time).</summary>
    public TimeSpan BatchFinalizationTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a batch stays <c>cancelling</c> (Anthropic: <c>canceling</c>) before it ends with partial results.</summary>
    public TimeSpan BatchCancelTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fault: batches answer no more lines and stay in progress until their completion window expires.</summary>
    public bool BatchStall { get; set; }

    /// <summary>
    /// Fault: a batch expires as soon as this share (0..1) of its lines is answered, e.g. 0.5 expires it half done;
    /// null (the default) turns it off.
    /// </summary>
    public double? BatchExpireAfterFraction { get; set; }

    /// <summary>Most requests in one OpenAI batch input file: 50,000 on OpenAI, 100,000 on Azure OpenAI Global Batch.</summary>
    public int BatchMaxLines { get; set; } = 50_000;

    /// <summary>Largest file accepted with purpose <c>batch</c>: 200 MB on OpenAI and Azure OpenAI.</summary>
    public long BatchMaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Most requests in one Anthropic Message Batch (100,000).</summary>
    public int AnthropicBatchMaxRequests { get; set; } = 100_000;

    /// <summary>Largest Anthropic Message Batch create body (256 MB).</summary>
    public long AnthropicBatchMaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Share (0..1) of <c>service_tier: "flex"</c> chat calls answered 429 "Resource Unavailable" (not billable). The
    /// draw is a pure function of the seed, the request body and how often that body was sent on flex before, so a
    /// retry may succeed but a replay of the same run gives the same answers.
    /// </summary>
    public double FlexUnavailableRate { get; set; }

    internal EmulatorOptions Clone() => (EmulatorOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) ||
            (!IPAddress.TryParse(Host, out _) && !string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"Emulator:Host must be an IP address or 'localhost', not '{Host}'.", nameof(Host));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, IPEndPoint.MaxPort, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(Latency, TimeSpan.Zero, nameof(Latency));
        ArgumentOutOfRangeException.ThrowIfLessThan(LatencyJitter, TimeSpan.Zero, nameof(LatencyJitter));
        ArgumentOutOfRangeException.ThrowIfNegative(RequestsPerMinute, nameof(RequestsPerMinute));
        ArgumentOutOfRangeException.ThrowIfNegative(TokensPerMinute, nameof(TokensPerMinute));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RateLimitWindow, TimeSpan.Zero, nameof(RateLimitWindow));
        if (double.IsNaN(ServerErrorRate) || ServerErrorRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ServerErrorRate), ServerErrorRate, "Must be between 0 and 1.");
        }

        if (RequiredApiKey is { Length: 0 })
        {
            throw new ArgumentException("Emulator:RequiredApiKey must be null (no check) or a non-empty key.", nameof(RequiredApiKey));
        }

        if (AdminApiKey is { Length: 0 })
        {
            throw new ArgumentException("Emulator:AdminApiKey must be null (no check) or a non-empty key.", nameof(AdminApiKey));
        }

        ValidateBatchSettings();
        if (double.IsNaN(FlexUnavailableRate) || FlexUnavailableRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FlexUnavailableRate), FlexUnavailableRate, "Must be between 0 and 1.");
        }

        ArgumentNullException.ThrowIfNull(Prices, nameof(Prices));
        ArgumentNullException.ThrowIfNull(UsageDiscrepancies, nameof(UsageDiscrepancies));
        foreach (var discrepancy in UsageDiscrepancies)
        {
            ArgumentNullException.ThrowIfNull(discrepancy, nameof(UsageDiscrepancies));
            discrepancy.Validate();
        }
    }

    private void ValidateBatchSettings()
    {
        if (double.IsNaN(BatchTimeScale) || double.IsInfinity(BatchTimeScale) || BatchTimeScale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchTimeScale), BatchTimeScale, "Must be a positive number.");
        }

        if (double.IsNaN(BatchLinesPerSecond) || double.IsInfinity(BatchLinesPerSecond) || BatchLinesPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchLinesPerSecond), BatchLinesPerSecond, "Must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchValidationTime, TimeSpan.Zero, nameof(BatchValidationTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchFinalizationTime, TimeSpan.Zero, nameof(BatchFinalizationTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchCancelTime, TimeSpan.Zero, nameof(BatchCancelTime));
        if (BatchExpireAfterFraction is double fraction && (double.IsNaN(fraction) || fraction is < 0 or > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BatchExpireAfterFraction), fraction, "Must be null or between 0 and 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchMaxLines, 1, nameof(BatchMaxLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchMaxFileBytes, 1, nameof(BatchMaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(AnthropicBatchMaxRequests, 1, nameof(AnthropicBatchMaxRequests));
        ArgumentOutOfRangeException.ThrowIfLessThan(AnthropicBatchMaxBytes, 1, nameof(AnthropicBatchMaxBytes));
    }
}
