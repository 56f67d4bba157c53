using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Api.Errors;

/// <summary>OpenAI's cursor paging: <c>after</c> (the last id of the previous page) and <c>limit</c>.</summary>
internal sealed record Paging(string? After, int Limit)
{
    /// <summary>The paging of a request, or null when <c>limit</c> is not a whole number in range.</summary>
    public static Paging? Read(HttpRequest request, int defaultLimit, int maxLimit)
    {
        var after = request.Query["after"].ToString();
        var limitText = request.Query["limit"].ToString();
        var limit = defaultLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit))
        {
            return null;
        }

        return new Paging(after.Length == 0 ? null : after, limit);
    }

    /// <summary>The page of <paramref name="items"/> (in list order) after <see cref="After"/>, and whether more follow.
    /// An <c>after</c> that is not in the list gives an empty page.</summary>
    public (IReadOnlyList<T> Page, bool HasMore) Apply<T>(IReadOnlyList<T> items, Func<T, string> id)
    {
        var start = 0;
        if (After is not null)
        {
            var index = items.Select(id).ToList().IndexOf(After);
            start = index < 0 ? items.Count : index + 1;
        }

        var page = items.Skip(start).Take(Limit).ToList();
        return (page, start + page.Count < items.Count);
    }
}
