using System.Globalization;

namespace BatchInference.Ledger.Pricing;

/// <summary>Durations in the catalog: a number and a unit, e.g. <c>500ms</c>, <c>15s</c>, <c>30m</c>, <c>1.5h</c>, <c>1d</c>.</summary>
internal static class CatalogDuration
{
    public const string Expected = "a duration such as 500ms, 15s, 30m, 1.5h or 1d";

    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)),
        ("s", TimeSpan.FromSeconds(1)),
        ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)),
        ("d", TimeSpan.FromDays(1)),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var (unit, size) in Units)
        {
            if (text.Length <= unit.Length || !text.EndsWith(unit, StringComparison.Ordinal))
            {
                continue;
            }

            var number = text.AsSpan(0, text.Length - unit.Length);
            if (char.IsAsciiDigit(number[0])
                && !number.ContainsAnyExcept("0123456789.")
                && decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                && amount * size.Ticks <= TimeSpan.FromDays(366).Ticks)
            {
                duration = TimeSpan.FromTicks((long)(amount * size.Ticks));
                return true;
            }
        }

        return false;
    }
}
