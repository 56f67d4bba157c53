namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// The work already planned on each rate-limited bucket (provider, tier, model): every shard on a bucket shares its
/// limits, so a shard's throughput finish counts the work planned there before it. For the real-time buckets this
/// includes the fallback work of every batch, flex and spot shard that would hedge onto them.
/// </summary>
internal sealed class TierLoads
{
    private readonly Dictionary<(string Provider, string Tier, string Model), TierWork> _work = [];

    public TierWork Get(string provider, string tier, string model) => _work.GetValueOrDefault((provider, tier, model));

    public void Add(string provider, string tier, ShardWorkload shard)
    {
        foreach (var model in shard.Models)
        {
            var key = (provider, tier, model.Model);
            _work[key] = _work.GetValueOrDefault(key) + TierWork.Of(model);
        }
    }
}
