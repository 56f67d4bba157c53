using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.History;

/// <summary>
/// What a job's ledger says about real-time throughput, tallied as the merge reads it: per provider, model and tier
/// the job answered lines on without a provider batch (<c>realtime</c>, <c>flex</c>, <c>spot</c>), the lines answered
/// and each shard's span from its first call's start to its last answer. Memory is one span per shard and bucket,
/// whatever the job's size. Not thread-safe: the merge is one loop.
/// </summary>
internal sealed class ThroughputTally
{
    private readonly Dictionary<(string Provider, string Model, string Tier), Bucket> _buckets = [];

    /// <summary>
    /// Counts one ledger entry of line <paramref name="sequence"/> from <paramref name="shard"/>. Entries must come in
    /// non-decreasing sequence order, as the merge writes them, so a line retried on one bucket counts once. Unknown
    /// outcomes, result-cache hits and provider batches say nothing about real-time throughput and are skipped.
    /// </summary>
    public void Add(int shard, long sequence, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ResultCacheHit || entry.IsUnknownOutcome || entry.Tier is not (Tiers.Realtime or Tiers.Flex or Tiers.Spot))
        {
            return;
        }

        var key = (entry.Provider, entry.Model, entry.Tier);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = new Bucket();
        }

        bucket.Add(shard, sequence, entry.StartedAt, entry.FinishedAt);
    }

    /// <summary>
    /// One sample per bucket, with id <c>job:&lt;jobId&gt;</c> so a finish run again records nothing twice: its lines, and
    /// as its duration the time any of the job's shards was busy on it (<see cref="BusySeconds"/>). A bucket with no
    /// lines or no busy time teaches nothing and is left out.
    /// </summary>
    public IReadOnlyList<(string Provider, string Model, string Tier, CompletionSample Sample)> Samples(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var samples = new List<(string, string, string, CompletionSample)>();
        foreach (var ((provider, model, tier), bucket) in _buckets)
        {
            var seconds = BusySeconds(bucket.Spans.Values);
            if (seconds > 0 && bucket.Lines > 0)
            {
                samples.Add((provider, model, tier, new CompletionSample("job:" + jobId, bucket.LastAnswer, seconds, bucket.Lines)));
            }
        }

        return samples;
    }

    /// <summary>
    /// The length of the union of <paramref name="spans"/>. The shards of one bucket run at once and share the provider's
    /// limits, so the bucket's rate is its lines over the time any shard was busy: overlaps count once, and a gap in which
    /// no shard ran (a batch shard's late real-time fallback after the others ended) not at all.
    /// </summary>
    public static double BusySeconds(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var busy = TimeSpan.Zero;
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var (start, end) in spans.OrderBy(s => s.Start))
        {
            if (current is { } c && start <= c.End)
            {
                current = (c.Start, end > c.End ? end : c.End);
                continue;
            }

            busy += current is { } done ? done.End - done.Start : TimeSpan.Zero;
            current = (start, end);
        }

        busy += current is { } last ? last.End - last.Start : TimeSpan.Zero;
        return busy.TotalSeconds;
    }

    private sealed class Bucket
    {
        private long _lastSequence = -1;

        public long Lines { get; private set; }

        public DateTimeOffset LastAnswer { get; private set; }

        public Dictionary<int, (DateTimeOffset Start, DateTimeOffset End)> Spans { get; } = [];

        public void Add(int shard, long sequence, DateTimeOffset startedAt, DateTimeOffset finishedAt)
        {
            if (sequence != _lastSequence)
            {
                Lines++;
                _lastSequence = sequence;
            }

            var end = finishedAt > startedAt ? finishedAt : startedAt;
            LastAnswer = end > LastAnswer ? end : LastAnswer;
            Spans[shard] = Spans.TryGetValue(shard, out var span)
                ? (startedAt < span.Start ? startedAt : span.Start, end > span.End ? end : span.End)
                : (startedAt, end);
        }
    }
}
