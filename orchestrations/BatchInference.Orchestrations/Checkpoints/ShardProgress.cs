using System.Globalization;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>
/// Counters of checkpointed lines. Each part blob carries its own as metadata, so a job's progress (and spend, for the
/// budget) is one listing of its parts, without reading them.
/// </summary>
public sealed record ShardProgress(long Lines, long Succeeded, long Failed, long Invalid, long PaidAttempts, decimal Cost)
{
    /// <summary>No lines.</summary>
    public static ShardProgress Zero { get; } = new(0, 0, 0, 0, 0, 0m);

    /// <summary>The sum of two counters.</summary>
    public ShardProgress Add(ShardProgress other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Lines + other.Lines, Succeeded + other.Succeeded, Failed + other.Failed, Invalid + other.Invalid,
            PaidAttempts + other.PaidAttempts, Cost + other.Cost);
    }

    internal ShardProgress Add(PartRecordInfo record) => new(
        Lines + 1,
        Succeeded + (record.Kind == ResultKind.Succeeded ? 1 : 0),
        Failed + (record.Kind == ResultKind.Failed ? 1 : 0),
        Invalid + (record.Kind == ResultKind.Invalid ? 1 : 0),
        PaidAttempts + record.PaidAttempts,
        Cost + record.Cost);

    internal Dictionary<string, string> ToMetadata() => new(StringComparer.Ordinal)
    {
        ["lines"] = Lines.ToString(CultureInfo.InvariantCulture),
        ["succeeded"] = Succeeded.ToString(CultureInfo.InvariantCulture),
        ["failed"] = Failed.ToString(CultureInfo.InvariantCulture),
        ["invalid"] = Invalid.ToString(CultureInfo.InvariantCulture),
        ["paid"] = PaidAttempts.ToString(CultureInfo.InvariantCulture),
        ["cost"] = Cost.ToString(CultureInfo.InvariantCulture),
    };

    internal static ShardProgress FromMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return Zero;
        }

        long Long(string key) => metadata.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
        var cost = metadata.TryGetValue("cost", out var c) ? decimal.Parse(c, CultureInfo.InvariantCulture) : 0m;
        return new(Long("lines"), Long("succeeded"), Long("failed"), Long("invalid"), Long("paid"), cost);
    }
}
