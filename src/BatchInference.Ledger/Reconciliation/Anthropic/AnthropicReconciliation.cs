namespace BatchInference.Ledger.Reconciliation.Anthropic;

/// <summary>How <see cref="Reconciler"/> is used against Anthropic, whose usage report counts tokens but not requests.</summary>
public static class AnthropicReconciliation
{
    /// <summary>
    /// A copy of <paramref name="thresholds"/> that never flags requests: Anthropic's usage report has no request count,
    /// so its lines say 0 and the row's request variance is only our count negated. Tokens and cost are compared as set.
    /// </summary>
    /// <param name="thresholds">The tolerances to keep for tokens and cost.</param>
    /// <returns>New thresholds; <paramref name="thresholds"/> is not changed.</returns>
    public static ReconciliationThresholds WithoutRequestCheck(ReconciliationThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new ReconciliationThresholds
        {
            RelativePercent = thresholds.RelativePercent,
            AbsoluteRequests = long.MaxValue,
            AbsoluteTokens = thresholds.AbsoluteTokens,
            AbsoluteCost = thresholds.AbsoluteCost,
        };
    }
}
