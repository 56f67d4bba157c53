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

        ArgumentNullException.ThrowIfNull(Prices, nameof(Prices));
        ArgumentNullException.ThrowIfNull(UsageDiscrepancies, nameof(UsageDiscrepancies));
        foreach (var discrepancy in UsageDiscrepancies)
        {
            ArgumentNullException.ThrowIfNull(discrepancy, nameof(UsageDiscrepancies));
            discrepancy.Validate();
        }
    }
}
