namespace BatchInference.Jobs.Sharding;

/// <summary>
/// The shards being built, one per <see cref="ShardGroup"/>, at most <see cref="ShardLimits.MaxOpenSpools"/> at once.
/// Numbers shards in the order they are published. Disposing deletes every spool file left (a failed split).
/// </summary>
internal sealed class OpenSpools(string directory, ShardLimits limits, Func<ShardInfo, Stream, CancellationToken, Task> publish) : IAsyncDisposable
{
    private readonly Dictionary<ShardGroup, ShardSpool> _open = [];
    private readonly List<ShardInfo> _published = [];

    /// <summary>The shards published so far, in index order.</summary>
    public IReadOnlyList<ShardInfo> Published => _published;

    /// <summary>
    /// The spool of <paramref name="group"/>, ready to take an envelope of <paramref name="envelopeBytes"/>: its current
    /// one unless the envelope would take that past <see cref="ShardLimits.MaxBytes"/> (it is published first); a new
    /// one otherwise, after publishing the fullest open spool when <see cref="ShardLimits.MaxOpenSpools"/> are open.
    /// </summary>
    public async ValueTask<ShardSpool> ForAsync(ShardGroup group, long envelopeBytes, long sequence, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(group, out var spool))
        {
            if (spool.Bytes + envelopeBytes <= limits.MaxBytes)
            {
                return spool;
            }

            await PublishAsync(spool, cancellationToken).ConfigureAwait(false);
        }
        else if (_open.Count >= limits.MaxOpenSpools)
        {
            // The fullest makes the best shard of those that must close now; the oldest of equals, so ties are stable.
            var fullest = _open.Values.OrderByDescending(s => s.Bytes).ThenBy(s => s.Opened).First();
            await PublishAsync(fullest, cancellationToken).ConfigureAwait(false);
        }

        spool = new ShardSpool(directory, group, sequence);
        _open[group] = spool;
        return spool;
    }

    /// <summary>Publishes <paramref name="spool"/> when no further line fits in it.</summary>
    public async ValueTask PublishIfFullAsync(ShardSpool spool, CancellationToken cancellationToken)
    {
        if (spool.LineCount >= limits.MaxLines || spool.Bytes >= limits.MaxBytes)
        {
            await PublishAsync(spool, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes every open spool, oldest first.</summary>
    public async ValueTask PublishAllAsync(CancellationToken cancellationToken)
    {
        foreach (var spool in _open.Values.OrderBy(s => s.Opened).ToList())
        {
            await PublishAsync(spool, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var spool in _open.Values)
        {
            await spool.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }

    private async ValueTask PublishAsync(ShardSpool spool, CancellationToken cancellationToken)
    {
        _open.Remove(spool.Group);
        try
        {
            _published.Add(await spool.PublishAsync(_published.Count, publish, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            await spool.DisposeAsync().ConfigureAwait(false);
        }
    }
}
