using System.Globalization;

namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>
/// Names gathered under one heading (models a default was used for, fields that were not mapped), rendered as one
/// warning line with a count and the first few names, so a price list of thousands of entries warns in a few lines.
/// </summary>
internal sealed class NameTally
{
    private const int Shown = 6;

    private readonly Dictionary<string, List<string>> _names = new(StringComparer.Ordinal);

    public void Add(string heading, string name)
    {
        if (!_names.TryGetValue(heading, out var names))
        {
            names = [];
            _names.Add(heading, names);
        }

        names.Add(name);
    }

    /// <summary>One line per heading: <c>heading: 3 (a, b, c)</c>.</summary>
    public IEnumerable<string> Lines() => _names.Select(pair => $"{pair.Key}: {pair.Value.Count} ({Sample(pair.Value)})");

    /// <summary>One line per heading, naming each distinct value with how often it occurred, most frequent first.</summary>
    public IEnumerable<string> CountedLines() => _names.Select(pair =>
    {
        var counted = pair.Value.GroupBy(n => n, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}"))
            .ToList();
        return $"{pair.Key}: {pair.Value.Count} ({Sample(counted)})";
    });

    private static string Sample(List<string> names) =>
        names.Count <= Shown ? string.Join(", ", names) : $"{string.Join(", ", names.Take(Shown))}, and {names.Count - Shown} more";
}
