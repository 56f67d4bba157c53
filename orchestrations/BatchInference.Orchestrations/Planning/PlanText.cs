using System.Globalization;

namespace BatchInference.Orchestrations.Planning;

/// <summary>How plans write times, durations and money in their reasons and notes.</summary>
internal static class PlanText
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays}d {duration.Hours}h {duration.Minutes:00}m"),
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.Hours}h {duration.Minutes:00}m"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#}s"),
    };

    /// <summary>A rate in lines per second: two decimals from 1 up, three significant digits below (0.00417).</summary>
    public static string Rate(double linesPerSecond) =>
        linesPerSecond.ToString(linesPerSecond >= 1 ? "0.##" : "G3", CultureInfo.InvariantCulture) + " lines/s";

    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.######} {currency}");
}
