namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// How far the provider's numbers may stray from the ledger's before a row is flagged. A measure (requests, tokens,
/// cost) is flagged when its variance exceeds its absolute tolerance <em>and</em> <see cref="RelativePercent"/> of the
/// ledger's value, so a one-token rounding on a small day and a 0.1 % drift on a big one both pass.
/// </summary>
public sealed class ReconciliationThresholds
{
    /// <summary>Tolerated variance in percent of the ledger's value (1 = 1 %).</summary>
    public decimal RelativePercent { get; set; } = 1m;

    /// <summary>Tolerated absolute variance in requests.</summary>
    public long AbsoluteRequests { get; set; }

    /// <summary>Tolerated absolute variance in tokens (input plus output).</summary>
    public long AbsoluteTokens { get; set; }

    /// <summary>Tolerated absolute variance in cost, in the report's currency (USD).</summary>
    public decimal AbsoluteCost { get; set; } = 0.01m;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first negative setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(RelativePercent, nameof(RelativePercent));
        ArgumentOutOfRangeException.ThrowIfNegative(AbsoluteRequests, nameof(AbsoluteRequests));
        ArgumentOutOfRangeException.ThrowIfNegative(AbsoluteTokens, nameof(AbsoluteTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(AbsoluteCost, nameof(AbsoluteCost));
    }

    /// <summary>Whether <paramref name="variance"/> against <paramref name="ledgerValue"/> breaks both tolerances.</summary>
    internal bool Exceeds(decimal variance, decimal ledgerValue, decimal absoluteTolerance)
    {
        var magnitude = Math.Abs(variance);
        return magnitude > absoluteTolerance && (ledgerValue == 0 || magnitude * 100m / Math.Abs(ledgerValue) > RelativePercent);
    }
}
