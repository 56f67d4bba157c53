using System.Globalization;

namespace BatchInference.Cli.Views;

/// <summary>How the CLI shows instants: UTC, to the second, the same everywhere.</summary>
internal static class Times
{
    public static string Format(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
