using System.Globalization;

namespace BatchInference.Bench;

/// <summary>The <c>--name value</c> options after the benchmark name.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;

    private BenchArguments(Dictionary<string, string> values) => _values = values;

    public static BenchArguments Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--option value', got '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        return new BenchArguments(values);
    }

    public string GetString(string name, string defaultValue) => _values.GetValueOrDefault(name, defaultValue);

    public int GetInt32(string name, int defaultValue, int min = 1)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw new ArgumentException($"--{name} must be an integer >= {min}, got '{text}'.");
    }
}
