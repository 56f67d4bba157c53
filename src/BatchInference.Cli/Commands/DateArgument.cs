using System.Globalization;

namespace BatchInference.Cli.Commands;

/// <summary>Parses a <c>YYYY-MM-DD</c> option value, or throws a usage error naming the option.</summary>
internal static class DateArgument
{
    public static DateOnly Parse(string value, string option) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{option} must be a date as YYYY-MM-DD, not '{value}'.");
}
