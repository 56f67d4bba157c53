namespace BatchInference.Jobs.Settings;

/// <summary>
/// Parses completion windows such as <c>90s</c>, <c>30m</c>, <c>4h</c>, <c>2d</c>: a positive whole number without
/// leading zeros or spaces, then one lowercase unit (s, m, h, d). At most 365 days.
/// </summary>
internal static class CompletionWindowFormat
{
    internal const string Expected = "a positive whole number followed by s, m, h or d (e.g. \"30m\", \"4h\", \"24h\", \"2d\"), at most 365d";

    internal static readonly TimeSpan Maximum = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, out TimeSpan window)
    {
        window = default;
        if (text is null || text.Length < 2 || text.Length > 10)
        {
            return false;
        }

        var digits = text.AsSpan(0, text.Length - 1);
        if (digits[0] == '0' || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var amount = long.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero || amount > Maximum.Ticks / unit.Ticks)
        {
            return false;
        }

        window = TimeSpan.FromTicks(amount * unit.Ticks);
        return true;
    }
}
