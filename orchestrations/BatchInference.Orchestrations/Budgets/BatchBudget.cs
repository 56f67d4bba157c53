using BatchInference.Jobs.Intake;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// Budget caps for a shard that goes out as one provider batch: every line's estimate at the batch price is reserved
/// from the job's accounts before the batch is created (all or nothing), and what the answers did not cost goes back
/// when the batch is collected. The reservation is recorded in the shard state, so a different worker can settle it.
/// </summary>
internal static class BatchBudget
{
    /// <summary>Reserves the lines' estimates; returns the amount reserved (0 when no cap applies) or the cap that cannot cover it.</summary>
    public static async Task<(decimal Reserved, BudgetLimit? Exceeded)> ReserveAsync(
        EngineContext context, JobState job, string provider, IEnumerable<RequestLine> lines, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var limits = BudgetLimits.For(job, context.Options, at);
        if (limits.Count == 0)
        {
            return (0m, null);
        }

        var total = lines.Sum(l => context.Catalog.TryGetPrice(provider, l.Model, Tiers.Batch, out var price) ? CostEstimator.Estimate(l, price) : 0m);
        var guard = new BudgetGuard(context, limits, chunkLines: 1);
        var exceeded = await guard.TryCommitAsync(total, cancellationToken).ConfigureAwait(false);
        if (exceeded is null)
        {
            return (total, null);
        }

        // Whatever some accounts granted before another refused goes back.
        await guard.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        return (0m, exceeded);
    }

    /// <summary>Gives back what a collected batch reserved and did not spend.</summary>
    public static async Task SettleAsync(
        EngineContext context, JobState job, DateTimeOffset reservedAt, decimal reserved, decimal spent, CancellationToken cancellationToken)
    {
        if (reserved <= 0)
        {
            return;
        }

        var guard = new BudgetGuard(context, BudgetLimits.For(job, context.Options, reservedAt), chunkLines: 1);
        guard.Settle(reserved, spent);
        await guard.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }
}
