using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// One shard run's side of its budgets. Before a line is sent its estimated cost is taken from a local balance,
/// reserved from every applicable account in chunks (one conditional write per chunk, not per line); when an answer
/// arrives the estimate is replaced by the real cost; at the end the unspent balance goes back. A line that no account
/// can cover any more is not sent. Reservations are made by the run's single producer; settlements come from the
/// executor's delivery loop, hence the lock.
/// </summary>
internal sealed class BudgetGuard(EngineContext context, IReadOnlyList<BudgetLimit> limits, int chunkLines)
{
    private readonly Lock _lock = new();
    private readonly decimal[] _balances = new decimal[limits.Count];
    private readonly StateStore<BudgetAccount> _accounts = new(context.Blobs, StateJsonContext.Default.BudgetAccount);

    public bool Any => limits.Count > 0;

    /// <summary>Commits <paramref name="estimate"/> against every budget; returns the first budget that cannot cover it, or null.</summary>
    public async Task<BudgetLimit?> TryCommitAsync(decimal estimate, CancellationToken cancellationToken)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            decimal short_;
            lock (_lock)
            {
                short_ = estimate - _balances[i];
            }

            if (short_ > 0 && !await ReserveAsync(i, short_, estimate * chunkLines, cancellationToken).ConfigureAwait(false))
            {
                return limits[i];
            }
        }

        lock (_lock)
        {
            for (var i = 0; i < limits.Count; i++)
            {
                _balances[i] -= estimate;
            }
        }

        return null;
    }

    /// <summary>Replaces a committed estimate by what the line really cost.</summary>
    public void Settle(decimal estimate, decimal actual)
    {
        lock (_lock)
        {
            for (var i = 0; i < limits.Count; i++)
            {
                _balances[i] += estimate - actual;
            }
        }
    }

    /// <summary>Gives every unspent balance back to its account (best effort: an account keeps it if this fails).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < limits.Count; i++)
        {
            decimal unspent;
            lock (_lock)
            {
                unspent = _balances[i];
                _balances[i] = 0;
            }

            if (unspent > 0)
            {
                await _accounts.UpdateAsync(Name(i), a => BudgetDecisions.Release(a, unspent), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ReserveAsync(int i, decimal needed, decimal wanted, CancellationToken cancellationToken)
    {
        var name = Name(i);
        var limit = limits[i];
        await _accounts.TryCreateAsync(name, new BudgetAccount { Key = limit.AccountKey, LimitUsd = limit.LimitUsd }, cancellationToken).ConfigureAwait(false);
        var granted = 0m;
        await _accounts.UpdateAsync(
            name,
            a =>
            {
                // The configured cap wins over the stored one, so raising a monthly budget takes effect at once.
                var current = a with { LimitUsd = limit.LimitUsd };
                granted = BudgetDecisions.Grant(current, needed, Math.Max(wanted, needed));
                return BudgetDecisions.Reserve(current, granted);
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (granted <= 0)
        {
            return false;
        }

        lock (_lock)
        {
            _balances[i] += granted;
        }

        return true;
    }

    private string Name(int i) => Layout.StorageLayout.BudgetAccount(limits[i].AccountKey);
}
