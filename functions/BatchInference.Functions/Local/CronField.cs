using System.Globalization;

namespace BatchInference.Functions.Local;

/// <summary>One field of a cron expression: the sorted values it allows within <c>[Min, Max]</c>.</summary>
internal sealed class CronField
{
    private readonly bool[] _allowed;

    private CronField(int min, bool[] allowed, bool isWildcard)
    {
        Min = min;
        _allowed = allowed;
        IsWildcard = isWildcard;
        Values = [.. Enumerable.Range(min, allowed.Length).Where(v => allowed[v - min])];
    }

    public int Min { get; }

    /// <summary>True for a plain <c>*</c>.</summary>
    public bool IsWildcard { get; }

    public IReadOnlyList<int> Values { get; }

    public bool Contains(int value) => value >= Min && value - Min < _allowed.Length && _allowed[value - Min];

    /// <summary>Parses <c>*</c>, <c>n</c>, <c>a-b</c>, <c>*/n</c>, <c>a-b/n</c> and comma lists of them.</summary>
    /// <exception cref="FormatException">Not that syntax, or a value outside <c>[min, max]</c>.</exception>
    public static CronField Parse(string text, int min, int max, string name)
    {
        var allowed = new bool[max - min + 1];
        foreach (var part in text.Split(','))
        {
            var (range, step) = SplitStep(part, name);
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Number(a, min, max, name), Number(b, min, max, name));
                if (from > to)
                {
                    throw new FormatException($"The {name} range '{range}' runs backwards.");
                }
            }
            else
            {
                from = Number(range, min, max, name);
                to = step > 1 ? max : from;
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v - min] = true;
            }
        }

        return new CronField(min, allowed, text == "*");
    }

    private static (string Range, int Step) SplitStep(string part, string name)
    {
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (part, 1);
        }

        if (!int.TryParse(part.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
        {
            throw new FormatException($"The {name} step in '{part}' is not a positive number.");
        }

        return (part[..slash], step);
    }

    private static int Number(string text, int min, int max, string name)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"The {name} value '{text}' is not a number from {min} to {max}.");
        }

        return value;
    }
}
