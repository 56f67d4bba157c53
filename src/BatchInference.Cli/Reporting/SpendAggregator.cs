using BatchInference.Ledger.Spend;

namespace BatchInference.Cli.Reporting;

/// <summary>
/// Adds ledger lines into the groups of a <see cref="SpendQuery"/>: lines outside its dates or jobs are skipped, the
/// rest summed per key. Memory grows with the number of groups, never with the number of lines.
/// </summary>
internal sealed class SpendAggregator
{
    private readonly SpendQuery _query;
    private readonly HashSet<string>? _jobs;
    private readonly Dictionary<SpendGroupKey, SpendTotals> _groups = [];
    private readonly Dictionary<string, long> _unpricedModels = new(StringComparer.Ordinal);

    public SpendAggregator(SpendQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        _query = query;
        _jobs = query.Jobs.Count == 0 ? null : new HashSet<string>(query.Jobs, StringComparer.Ordinal);
    }

    /// <summary>Ledger lines seen, matched or not.</summary>
    public long LinesRead { get; private set; }

    /// <summary>Adds <paramref name="entry"/> to its group when the query covers it; returns whether it did.</summary>
    public bool Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        LinesRead++;
        var date = SpendReportWriter.ChargeDate(entry);
        if (!_query.Covers(date) || (_jobs is not null && !_jobs.Contains(entry.JobId)))
        {
            return false;
        }

        var key = KeyOf(entry, date);
        _groups[key] = _groups.TryGetValue(key, out var totals) ? totals.Add(entry) : default(SpendTotals).Add(entry);
        if (entry.Unpriced)
        {
            _unpricedModels[entry.Model] = _unpricedModels.GetValueOrDefault(entry.Model) + 1;
        }

        return true;
    }

    /// <summary>The groups so far, sorted by key, and their total.</summary>
    public SpendReport ToReport()
    {
        var groups = _groups.Select(g => new SpendGroup(g.Key, g.Value)).ToList();
        groups.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var total = groups.Aggregate(default(SpendTotals), static (sum, g) => sum.Add(g.Totals));
        return new SpendReport(_query, groups, total, [.. _unpricedModels.OrderBy(m => m.Key, StringComparer.Ordinal)]);
    }

    private SpendGroupKey KeyOf(LedgerEntry entry, DateOnly date)
    {
        var values = new string?[_query.Dimensions.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _query.Dimensions[i] switch
            {
                SpendDimension.Day => SpendQuery.Text(date),
                SpendDimension.Tag => entry.Tags.TryGetValue(_query.TagKey, out var tag) ? tag : null,
                SpendDimension.Model => entry.Model,
                SpendDimension.Tier => entry.Tier,
                SpendDimension.Job => entry.JobId,
                SpendDimension.Provider => entry.Provider,
                _ => throw new ArgumentOutOfRangeException(nameof(entry), _query.Dimensions[i], "Unknown dimension."),
            };
        }

        return new SpendGroupKey(values);
    }
}
