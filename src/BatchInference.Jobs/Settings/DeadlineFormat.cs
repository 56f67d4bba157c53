using System.Globalization;

namespace BatchInference.Jobs.Settings;

/// <summary>
/// Parses deadlines: ISO-8601 date and time with an explicit <c>Z</c> or <c>±hh:mm</c> offset (a time without an
/// offset is ambiguous and rejected). The result is normalized to UTC.
/// </summary>
internal static class DeadlineFormat
{
    internal const string Expected = "an ISO-8601 date and time with Z or an offset (e.g. \"2026-11-23T06:00:00Z\")";

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzzz",
    ];

    public static bool TryParse(string? text, out DateTimeOffset deadline)
    {
        if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            deadline = parsed.ToUniversalTime();
            return true;
        }

        deadline = default;
        return false;
    }
}
