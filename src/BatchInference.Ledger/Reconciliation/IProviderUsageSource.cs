namespace BatchInference.Ledger.Reconciliation;

/// <summary>A provider's own account of one day's usage and cost, as its usage and cost APIs report it.</summary>
public interface IProviderUsageSource
{
    /// <summary>The provider's name as the ledger records it (<c>openai</c>, <c>anthropic</c>).</summary>
    string Provider { get; }

    /// <summary>Whether the provider reports request counts (Anthropic's usage report does not).</summary>
    bool CountsRequests { get; }

    /// <summary>Usage and cost of <paramref name="date"/> (UTC), by model and tier.</summary>
    /// <param name="date">The day.</param>
    /// <param name="cancellationToken">Stops the requests.</param>
    /// <returns>The day's usage.</returns>
    Task<ProviderUsage> GetDailyUsageAsync(DateOnly date, CancellationToken cancellationToken = default);
}
