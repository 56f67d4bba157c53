using System.Globalization;

namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// Parses the <c>x-ratelimit-reset-*</c> values: Go-style durations such as <c>1s</c>, <c>6m0s</c>, <c>59.9s</c>,
/// <c>20ms</c>, <c>1h2m</c>; a bare number means seconds.
/// </summary>
internal static class ResetDuration
{
    public static TimeSpan? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            return bareSeconds >= 0 && double.IsFinite(bareSeconds) ? TimeSpan.FromSeconds(bareSeconds) : null;
        }

        double totalSeconds = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            double? scale = text.AsSpan(unitStart, i - unitStart) switch
            {
                "h" => 3600,
                "m" => 60,
                "s" => 1,
                "ms" => 1e-3,
                "us" or "µs" => 1e-6,
                "ns" => 1e-9,
                _ => null,
            };
            if (scale is null)
            {
                return null;
            }

            totalSeconds += number * scale.Value;
        }

        return TimeSpan.FromSeconds(totalSeconds);
    }
}
