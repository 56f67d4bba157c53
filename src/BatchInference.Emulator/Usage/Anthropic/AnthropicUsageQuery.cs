using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Emulator.Usage.Anthropic;

/// <summary>
/// The query string of Anthropic's Admin usage and cost reports
/// (https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages and …/cost_report/retrieve):
/// <c>starting_at</c> (RFC 3339, required, snapped to the UTC day), <c>ending_at</c> (exclusive), <c>bucket_width</c>
/// (only <c>1d</c> here), <c>group_by[]</c>, <c>limit</c> (1–31, default 7) and <c>page</c>.
/// </summary>
internal sealed record AnthropicUsageQuery(DateTimeOffset StartingAt, DateTimeOffset? EndingAt, IReadOnlySet<string> GroupBy, int Limit, string? Page)
{
    private const string PagePrefix = "page_";
    private const int MaxLimit = 31;

    /// <summary>Parses the query; on failure returns null and the message an <c>invalid_request_error</c> carries.</summary>
    public static AnthropicUsageQuery? Parse(IQueryCollection query, IReadOnlySet<string> allowedGroups, out string? error)
    {
        error = null;
        if (!TryTime(query, "starting_at", out var start) || start is null)
        {
            error = "starting_at is required and must be an RFC 3339 timestamp.";
            return null;
        }

        if (!TryTime(query, "ending_at", out var end) || (end is { } e && e <= start))
        {
            error = "ending_at must be an RFC 3339 timestamp after starting_at.";
            return null;
        }

        var width = query["bucket_width"].ToString();
        if (width.Length > 0 && width != "1d")
        {
            error = $"The emulator serves bucket_width=1d only, not '{width}'.";
            return null;
        }

        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in Values(query, "group_by[]").Concat(Values(query, "group_by")))
        {
            if (!allowedGroups.Contains(group))
            {
                error = $"Invalid group_by value '{group}'.";
                return null;
            }

            groups.Add(group);
        }

        var limitText = query["limit"].ToString();
        var limit = 7;
        if (limitText.Length > 0 &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {MaxLimit}.");
            return null;
        }

        var page = query["page"].ToString();
        return new AnthropicUsageQuery(start.Value, end, groups, limit, page.Length == 0 ? null : page);
    }

    /// <summary>The cursor Anthropic documents, <c>page_</c> + base64 of the next bucket's RFC 3339 start.</summary>
    public static string Cursor(DateTimeOffset bucketStart) =>
        PagePrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(Rfc3339(bucketStart)));

    public static string Rfc3339(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>First bucket of this page: the cursor's, or <c>starting_at</c> snapped to its UTC day; null for a foreign cursor.</summary>
    public DateTimeOffset? FirstBucketStart()
    {
        if (Page is null)
        {
            return new DateTimeOffset(StartingAt.UtcDateTime.Date, TimeSpan.Zero);
        }

        try
        {
            var text = Page.StartsWith(PagePrefix, StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(Page[PagePrefix.Length..]))
                : string.Empty;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cursor) ? cursor : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool TryTime(IQueryCollection query, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static IEnumerable<string> Values(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values)
            ? values.Where(v => v is not null).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : [];
}
