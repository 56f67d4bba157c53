using System.Globalization;

namespace BatchInference.Cli.Reporting;

/// <summary>Which ledger lines a spend report covers and how it groups them.</summary>
/// <param name="From">First charge date included (UTC), or null for no lower bound.</param>
/// <param name="To">Last charge date included (UTC), or null for no upper bound.</param>
/// <param name="Dimensions">Group-by dimensions in column order, no duplicates; empty means one group (the total).</param>
/// <param name="TagKey">The tag whose value <see cref="SpendDimension.Tag"/> groups by.</param>
/// <param name="Jobs">Only these jobs, or empty for every job.</param>
internal sealed record SpendQuery(
    DateOnly? From, DateOnly? To, IReadOnlyList<SpendDimension> Dimensions, string TagKey, IReadOnlyList<string> Jobs)
{
    /// <summary>The tag key used when <c>--tag-key</c> is not given.</summary>
    public const string DefaultTagKey = "team";

    /// <summary>Whether a line charged on <paramref name="date"/> falls in the range.</summary>
    public bool Covers(DateOnly date) => (From is not { } from || date >= from) && (To is not { } to || date <= to);

    /// <summary>The range as people read it: "2025-03-01 to 2025-03-02", "since …", "until …", "all dates".</summary>
    public string DescribeRange() => (From, To) switch
    {
        ({ } from, { } to) when from == to => "on " + Text(from),
        ({ } from, { } to) => $"from {Text(from)} to {Text(to)}",
        ({ } from, null) => "since " + Text(from),
        (null, { } to) => "until " + Text(to),
        _ => "at any date",
    };

    /// <summary>A date as <c>yyyy-MM-dd</c>, whatever the current culture's calendar.</summary>
    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
