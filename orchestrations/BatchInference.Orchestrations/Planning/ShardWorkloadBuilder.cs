using System.Text;
using BatchInference.Jobs.Intake;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// Builds a <see cref="ShardWorkload"/> from a shard's request lines, fed one at a time (a shard is read as a stream,
/// never held in memory): counts lines and batch-file bytes, and sums estimated tokens per model and endpoint.
/// </summary>
public sealed class ShardWorkloadBuilder
{
    // The provider batch input line wrapped around every body: {"custom_id":"…","method":"POST","url":"…","body":…}\n
    private static readonly int BatchLineOverhead = Encoding.UTF8.GetByteCount("{\"custom_id\":\"\",\"method\":\"POST\",\"url\":\"\",\"body\":}\n");

    private readonly int _shard;
    private readonly WorkloadEstimator _estimator;
    private readonly Dictionary<(string Model, string Url), (long Lines, long Input, long Output)> _models = [];
    private long _lines;
    private long _bytes;

    /// <summary>Starts the workload of shard <paramref name="shard"/>.</summary>
    /// <param name="shard">The shard's 0-based index.</param>
    /// <param name="estimator">How tokens are estimated.</param>
    public ShardWorkloadBuilder(int shard, WorkloadEstimator estimator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentNullException.ThrowIfNull(estimator);
        _shard = shard;
        _estimator = estimator;
    }

    /// <summary>Adds one request line.</summary>
    /// <param name="request">The line.</param>
    public void Add(RequestLine request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tokens = _estimator.Estimate(request.Url, request.Model, request.Body.Span);
        var key = (request.Model, request.Url);
        var sum = _models.GetValueOrDefault(key);
        _models[key] = (sum.Lines + 1, sum.Input + tokens.Input, sum.Output + tokens.Output);
        _lines++;
        _bytes += BatchLineOverhead + Encoding.UTF8.GetByteCount(request.CustomId) + Encoding.UTF8.GetByteCount(request.Url) + request.Body.Length;
    }

    /// <summary>The workload of the lines added so far.</summary>
    /// <returns>The workload.</returns>
    public ShardWorkload Build() => new(
        _shard,
        _lines,
        _bytes,
        [.. _models
            .OrderBy(m => m.Key.Model, StringComparer.Ordinal)
            .ThenBy(m => m.Key.Url, StringComparer.Ordinal)
            .Select(m => new ModelWorkload(m.Key.Model, m.Key.Url, m.Value.Lines, m.Value.Input, m.Value.Output))]);
}
