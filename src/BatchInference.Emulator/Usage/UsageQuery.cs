using System.Globalization;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BatchInference.Emulator.Usage;

/// <summary>
/// The query string of OpenAI's organization usage and costs endpoints: <c>start_time</c> (Unix seconds, required),
/// <c>end_time</c> (exclusive), <c>bucket_width</c> (only <c>1d</c> here), <c>group_by</c>, <c>limit</c>, <c>page</c>.
/// </summary>
internal sealed record UsageQuery(long StartTime, long? EndTime, IReadOnlySet<string> GroupBy, int Limit, string? Page)
{
    public const string PagePrefix = "page_";

    /// <exception cref="OpenAIRequestException">A parameter is missing or invalid.</exception>
    public static UsageQuery Parse(IQueryCollection query, int maxLimit, IReadOnlySet<string> allowedGroups)
    {
        var start = ReadLong(query, "start_time") ?? throw JsonBodyFields.Missing("start_time");
        var end = ReadLong(query, "end_time");
        if (end is { } e && e <= start)
        {
            throw new OpenAIRequestException("end_time must be after start_time.", "end_time", "invalid_value");
        }

        var width = query["bucket_width"].ToString();
        if (width.Length > 0 && width != "1d")
        {
            throw new OpenAIRequestException(
                $"The emulator serves bucket_width=1d only, not '{width}'.", "bucket_width", "invalid_value");
        }

        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in Values(query, "group_by").Concat(Values(query, "group_by[]")))
        {
            foreach (var group in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                groups.Add(allowedGroups.Contains(group)
                    ? group
                    : throw new OpenAIRequestException($"Invalid group_by field '{group}'.", "group_by", "invalid_value"));
            }
        }

        var limit = (int?)ReadLong(query, "limit") ?? 7;
        if (limit < 1 || limit > maxLimit)
        {
            throw new OpenAIRequestException(
                string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {maxLimit}."), "limit", "invalid_value");
        }

        var page = query["page"].ToString();
        return new UsageQuery(start, end, groups, limit, page.Length == 0 ? null : page);
    }

    /// <summary>Start (Unix seconds) of the first bucket of this page: the cursor's, or <c>start_time</c>'s UTC day.</summary>
    public long FirstBucketStart()
    {
        if (Page is null)
        {
            return StartTime - (((StartTime % 86_400) + 86_400) % 86_400);
        }

        return Page.StartsWith(PagePrefix, StringComparison.Ordinal) &&
            long.TryParse(Page.AsSpan(PagePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
            ? cursor
            : throw new OpenAIRequestException("The page cursor is not one this server returned.", "page", "invalid_value");
    }

    private static IEnumerable<string> Values(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!) : [];

    private static long? ReadLong(IQueryCollection query, string name)
    {
        StringValues values = query[name];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return null;
        }

        return long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new OpenAIRequestException($"{name} must be an integer.", name, "invalid_type");
    }
}
